# Les pods : nginx, exec, describe, un pod à deux conteneurs, suppression.
cat > nginx-pod.yaml <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: www
spec:
  containers:
  - name: nginx
    image: nginx:1.12.2
EOF
kubectl create -f nginx-pod.yaml
kubectl get pods
sleep 30
kubectl get pods
kubectl exec www -- nginx -v
kubectl describe po/www
kubectl get po www -o yaml
kubectl run box --image=busybox
sleep 60
kubectl get pods
kubectl run bad --image=nginx:1.999
sleep 40
kubectl get pod bad
kubectl describe pod bad | tail -8
kubectl delete pod www bad box
kubectl get pods
