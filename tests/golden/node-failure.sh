minikube node add
minikube node add
minikube node list
kubectl get nodes
kubectl create deployment web --image=nginx:1.27 --replicas=6
kubectl rollout status deployment/web
kubectl get pods -o wide
minikube node stop minikube-m02
sleep 50
kubectl get nodes
sleep 10
kubectl get nodes
kubectl describe node minikube-m02
kubectl get pods -o wide
sleep 300
kubectl get pods -o wide
kubectl get deployment web
kubectl get events --field-selector reason=TaintManagerEviction
minikube node start minikube-m02
kubectl get nodes
kubectl get pods -o wide
kubectl drain minikube-m03
kubectl drain minikube-m03 --ignore-daemonsets
kubectl get nodes
kubectl get pods -o wide
kubectl uncordon minikube-m03
