# expose: each service type, from a pod, a deployment and a replicaset (expose.go).
kubectl create deployment web --image=nginx:1.27 --replicas=2
kubectl run solo --image=nginx --port=8080 --labels=app=solo
sleep 30
kubectl expose deployment web --port=80
kubectl expose deployment web --name=web-np --type=NodePort --port=8080 --target-port=80
kubectl expose pod solo --name=solo-lb --type=LoadBalancer --port=80 --target-port=8080
kubectl expose rs web-99cc8df8d --name=web-rs --port=81 --target-port=80
kubectl expose pod solo
kubectl get svc -o wide
sleep 5
kubectl get endpoints
kubectl describe svc web-np
kubectl describe svc solo-lb
kubectl get svc web-rs -o yaml
kubectl get svc solo -o jsonpath='{.spec.ports[0].targetPort}'
echo
