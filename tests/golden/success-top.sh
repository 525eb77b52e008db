# kubectl top: pods and nodes, --containers, --sort-by (top_pod.go, top_node.go, metricsutil).
kubectl create deployment web --image=nginx:1.27 --replicas=2
kubectl run solo --image=nginx
sleep 30
kubectl top pod
minikube addons enable metrics-server
sleep 60
kubectl top pod
kubectl top pod --containers
kubectl top pod --sort-by=memory
kubectl top pod --sort-by=cpu
kubectl top pod -A --sort-by=memory
kubectl top pod solo
kubectl top pod -l app=web --no-headers
kubectl top pod --sort-by=disk
kubectl top node
kubectl top node minikube --sort-by=cpu
kubectl api-versions | grep -e metrics -e autoscaling
kubectl api-resources --api-group=metrics.k8s.io
