# « Connecting Applications with Services » (tutoriel de kubernetes.io,
# tutorials/services/connect-applications-service.md), commande après commande
# jusqu'où va le simulateur. Laissé de côté : le serveur nginx en https
# (nginx-secure-app.yaml, image bprashanth/nginxhttps, `curl -k https://…`, le
# curlpod), que le simulateur ne sert pas, et `kubectl edit` (remplacé par
# `kubectl patch` : un script ne tape pas dans l'éditeur).
kubectl apply -f https://k8s.io/examples/service/networking/run-my-nginx.yaml
sleep 20
kubectl get pods -l run=my-nginx -o wide
kubectl get pods -l run=my-nginx -o custom-columns=POD_IP:.status.podIPs
kubectl expose deployment/my-nginx
kubectl get svc my-nginx
kubectl describe svc my-nginx
kubectl get endpointslices -l kubernetes.io/service-name=my-nginx
kubectl exec $(kubectl get pods -l run=my-nginx -o jsonpath='{.items[0].metadata.name}') -- printenv | grep SERVICE
kubectl scale deployment my-nginx --replicas=0; kubectl scale deployment my-nginx --replicas=2;
sleep 20
kubectl get pods -l run=my-nginx -o wide
kubectl exec $(kubectl get pods -l run=my-nginx -o jsonpath='{.items[0].metadata.name}') -- printenv | grep SERVICE
kubectl get endpointslices -l kubernetes.io/service-name=my-nginx
kubectl get services kube-dns --namespace=kube-system
kubectl run -i --tty --image busybox:1.37 dns-test --restart=Never --rm
nslookup my-nginx
exit
openssl req -x509 -nodes -days 365 -newkey rsa:2048 -keyout /tmp/nginx.key -out /tmp/nginx.crt -subj "/CN=my-nginx/O=my-nginx"
openssl x509 -in /tmp/nginx.crt -noout -subject -dates
kubectl create secret tls nginxsecret --key /tmp/nginx.key --cert /tmp/nginx.crt
kubectl get secrets
cat > default.conf <<'FIN'
server {
        listen 80 default_server;
        listen [::]:80 default_server ipv6only=on;

        listen 443 ssl;

        root /usr/share/nginx/html;
        index index.html;

        server_name localhost;
        ssl_certificate /etc/nginx/ssl/tls.crt;
        ssl_certificate_key /etc/nginx/ssl/tls.key;

        location / {
                try_files $uri $uri/ =404;
        }
}
FIN
kubectl create configmap nginxconfigmap --from-file=default.conf
kubectl get configmaps
kubectl describe configmap  nginxconfigmap
kubectl describe secret nginxsecret
kubectl patch svc my-nginx -p '{"spec":{"type":"LoadBalancer"}}'
kubectl get svc my-nginx
kubectl describe endpointslices -l kubernetes.io/service-name=my-nginx
