# Lab 1 — seed 000 « Déployer une application » : redis + guestbook, as the course orders it.
# Run: kube-atelier --echo --dir tests/golden/seed/manifests < tests/golden/seed/01-redis-guestbook.sh
ls
cat redis-pod.yaml
kubectl apply -f redis-pod.yaml
sleep 195
kubectl get pods
kubectl logs redis
kubectl logs redis -f
# the course then types redis-service.yml (its files end in .yaml)
kubectl apply -f redis-service.yml
kubectl apply -f redis-service.yaml
sleep 65
kubectl get services
kubectl describe svc redis
kubectl describe pod redis
kubectl apply -f guestbook-pod.yaml
kubectl get pods -w
kubectl describe pod guestbook
kubectl apply -f guestbook-service.yaml
sleep 14
kubectl get svc
kubectl logs guestbook -f
kubectl describe svc frontend
minikube tunnel
kubectl get svc
IP=$(kubectl get svc frontend -o jsonpath='{.status.loadBalancer.ingress[0].ip}')
echo $IP
curl http://$IP:3000/
kubectl delete pod redis
curl http://$IP:3000/
curl http://$IP:3000/lrange/guestbook
kubectl logs guestbook
# the course types redis-pod.yml again
kubectl apply -f redis-pod.yml
kubectl apply -f redis-pod.yaml
sleep 10
curl http://$IP:3000/lrange/guestbook
curl http://$IP:3000/
# « saisissez à nouveau des données » : the page's form calls /rpush/guestbook/<entry>
curl http://$IP:3000/rpush/guestbook/bonjour
curl http://$IP:3000/lrange/guestbook
kubectl logs guestbook
kubectl get pods --show-labels
kubectl get pods -l app=guestbook
minikube dashboard
# the course's inline guestbook-pod.yaml names a placeholder image (my-provider/my-image)
kubectl delete pod guestbook
kubectl apply -f guestbook-pod.course.yaml
kubectl get pods -w
kubectl describe pod guestbook
# « Comment appliquer plusieurs fichiers ? » : kubectl apply -f my-project/ (the course's tree has only sub-folders)
kubectl delete pod redis guestbook
kubectl delete svc redis frontend
ls -R my-project
kubectl apply -f my-project/
kubectl apply -R -f my-project/
kubectl get pods,svc
