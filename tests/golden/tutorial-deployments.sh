# kubernetes.io, Concepts > Workloads > Deployments (content/en/docs/concepts/workloads/controllers/deployment.md), command for command; `kubectl edit` is interactive and left out.
kubectl apply -f https://k8s.io/examples/controllers/nginx-deployment.yaml
kubectl get deployments
kubectl rollout status deployment/nginx-deployment
kubectl get deployments
kubectl get rs
kubectl get pods --show-labels
# Updating a Deployment
kubectl set image deployment.v1.apps/nginx-deployment nginx=nginx:1.16.1
kubectl rollout status deployment/nginx-deployment
kubectl get deployments
kubectl get rs
kubectl get pods
kubectl describe deployments
# Rolling back: a typo in the image, the rollout gets stuck
kubectl set image deployment/nginx-deployment nginx=nginx:1.161
sleep 20
kubectl get rs
kubectl get pods
kubectl describe deployment
kubectl rollout history deployment/nginx-deployment
kubectl rollout history deployment/nginx-deployment --revision=2
kubectl rollout undo deployment/nginx-deployment
kubectl rollout undo deployment/nginx-deployment --to-revision=2
sleep 30
kubectl get deployment nginx-deployment
kubectl describe deployment nginx-deployment
# Scaling
kubectl scale deployment/nginx-deployment --replicas=10
kubectl autoscale deployment/nginx-deployment --min=10 --max=15 --cpu-percent=80
sleep 30
kubectl get deploy
# Proportional scaling
kubectl set image deployment/nginx-deployment nginx=nginx:sometag
kubectl get rs
# Pausing and resuming a rollout
kubectl delete hpa nginx-deployment
kubectl scale deployment/nginx-deployment --replicas=3
sleep 30
kubectl get deploy
kubectl get rs
kubectl rollout pause deployment/nginx-deployment
kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1
kubectl rollout history deployment/nginx-deployment
kubectl get rs
kubectl set resources deployment/nginx-deployment -c=nginx --limits=cpu=200m,memory=512Mi
kubectl rollout resume deployment/nginx-deployment
sleep 30
kubectl get rs
# Failed deployment: progressDeadlineSeconds
kubectl patch deployment/nginx-deployment -p '{"spec":{"progressDeadlineSeconds":600}}'
kubectl get deployment nginx-deployment -o jsonpath='{.spec.progressDeadlineSeconds}{"\n"}'
kubectl rollout status deployment/nginx-deployment
echo $?
kubectl delete -f https://k8s.io/examples/controllers/nginx-deployment.yaml
