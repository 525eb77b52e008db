# L'Ingress : le contrôleur ingress-nginx de minikube, deux hôtes, deux services.
minikube addons enable ingress
kubectl get pods -n ingress-nginx
kubectl create deployment web --image=gcr.io/google-samples/hello-app:1.0
kubectl expose deployment web --port=8080
kubectl create deployment web2 --image=gcr.io/google-samples/hello-app:2.0
kubectl expose deployment web2 --port=8080
cat > deux-hotes.yaml <<'FIN'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: deux-hotes
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt-prod
spec:
  ingressClassName: nginx
  tls:
  - hosts:
    - v2.example
    secretName: v2-tls
  rules:
  - host: v1.example
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 8080
  - host: v2.example
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web2
            port:
              number: 8080
FIN
kubectl apply -f deux-hotes.yaml
kubectl get ingress
sleep 60
kubectl get ingress
kubectl describe ingress deux-hotes
curl --resolve v1.example:80:$(minikube ip) http://v1.example/
curl --resolve v2.example:80:$(minikube ip) http://v2.example/
curl -H 'Host: v2.example' http://192.168.49.2/autre/chemin
curl -H 'Host: inconnu.example' http://192.168.49.2/
curl --resolve v2.example:443:192.168.49.2 https://v2.example/
curl -k --resolve v2.example:443:192.168.49.2 https://v2.example/
kubectl create ingress rapide --rule="v3.example/*=web:8080" --dry-run=client -o yaml
kubectl delete ingress deux-hotes
curl -H 'Host: v1.example' http://192.168.49.2/
