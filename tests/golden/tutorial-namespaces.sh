# kubernetes.io, Tasks > Administer a Cluster > Namespaces Walkthrough (content/en/docs/tasks/administer-cluster/namespaces-walkthrough.md), command for command, in minikube's context.
kubectl get namespaces
kubectl create -f https://k8s.io/examples/admin/namespace-dev.json
kubectl create -f https://k8s.io/examples/admin/namespace-prod.json
kubectl get namespaces --show-labels
kubectl config view
kubectl config current-context
kubectl config set-context dev --namespace=development --cluster=minikube --user=minikube
kubectl config set-context prod --namespace=production --cluster=minikube --user=minikube
kubectl config view
kubectl config use-context dev
kubectl config current-context
kubectl apply -f https://k8s.io/examples/admin/snowflake-deployment.yaml
sleep 20
kubectl get deployment
kubectl get pods -l app=snowflake
kubectl config use-context prod
kubectl get deployment
kubectl get pods
kubectl create deployment cattle --image=registry.k8s.io/serve_hostname --replicas=5
sleep 20
kubectl get deployment
kubectl get pods -l app=cattle
# The page's older image name: k8s.gcr.io redirects to registry.k8s.io.
kubectl create deployment calf --image=k8s.gcr.io/serve_hostname
sleep 20
kubectl get pods -l app=calf
kubectl config use-context minikube
kubectl get deployments --all-namespaces
