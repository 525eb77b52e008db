# kubernetes.io, Tutorials > Stateless Applications > Example: Deploying PHP Guestbook application with Redis (content/en/docs/tutorials/stateless-application/guestbook.md), command for command.
kubectl apply -f https://k8s.io/examples/application/guestbook/redis-leader-deployment.yaml
sleep 15
kubectl get pods
kubectl logs deployment/redis-leader
kubectl apply -f https://k8s.io/examples/application/guestbook/redis-leader-service.yaml
kubectl get service
kubectl apply -f https://k8s.io/examples/application/guestbook/redis-follower-deployment.yaml
kubectl get pods
kubectl apply -f https://k8s.io/examples/application/guestbook/redis-follower-service.yaml
kubectl get service
kubectl apply -f https://k8s.io/examples/application/guestbook/frontend-deployment.yaml
sleep 20
kubectl get pods -l app=guestbook -l tier=frontend
kubectl apply -f https://k8s.io/examples/application/guestbook/frontend-service.yaml
kubectl get services
kubectl port-forward svc/frontend 8080:80 &
curl -s localhost:8080
kill %1
kubectl get service frontend
kubectl scale deployment frontend --replicas=5
sleep 20
kubectl get pods
kubectl scale deployment frontend --replicas=2
sleep 40
kubectl get pods
kubectl delete deployment -l app=redis
kubectl delete service -l app=redis
kubectl delete deployment frontend
kubectl delete service frontend
sleep 40
kubectl get pods
