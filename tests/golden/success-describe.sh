# describe, every kind we serve (describe.go): pod, node, namespace, configmap,
# secret, service, endpoints, deployment, replicaset, event.
kubectl create deployment web --image=nginx:1.27 --replicas=2
kubectl run solo --image=nginx:1.27 --labels=app=solo --port=80
kubectl expose deployment web --port=80 --type=NodePort
kubectl create configmap cfg --from-literal=color=blue --from-literal=size=10
kubectl create secret generic pw --from-literal=password=s3cret
kubectl create namespace team
sleep 30
kubectl describe pod solo
kubectl describe node minikube
kubectl describe namespace team
kubectl describe configmap cfg
kubectl describe secret pw
kubectl describe service web
kubectl describe endpoints web
kubectl describe deployment web
kubectl describe rs
kubectl describe ns default
kubectl get events --field-selector involvedObject.kind=Deployment -o name
kubectl describe $(kubectl get events --field-selector involvedObject.kind=Deployment -o name)
