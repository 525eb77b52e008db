# « Debug Running Pods » (kubernetes.io, tâches, debug-running-pod.md), commande par commande : describe, -o yaml, exec, un conteneur éphémère, des copies du pod, un pod sur le nœud, les profils.
kubectl apply -f https://k8s.io/examples/application/nginx-with-request.yaml
sleep 15
kubectl get pods
POD_NAME=$(kubectl get pods -o jsonpath='{.items[1].metadata.name}')
kubectl describe pod $POD_NAME
kubectl get events
kubectl get pod $POD_NAME -o yaml
kubectl logs $POD_NAME nginx
kubectl exec $POD_NAME -c nginx -- ls /usr/share/nginx/html
kubectl exec -it $POD_NAME -- sh
exit
kubectl run ephemeral-demo --image=registry.k8s.io/pause:3.1 --restart=Never
sleep 5
kubectl exec -it ephemeral-demo -- sh
kubectl debug -it ephemeral-demo --image=busybox:1.28 --target=ephemeral-demo
exit
kubectl describe pod ephemeral-demo
kubectl delete pod ephemeral-demo
kubectl run myapp --image=busybox:1.28 --restart=Never -- sleep 1d
kubectl debug myapp -it --image=ubuntu --share-processes --copy-to=myapp-debug
exit
kubectl delete pod myapp myapp-debug
kubectl run --image=busybox:1.28 myapp -- false
sleep 30
kubectl describe pod myapp
kubectl debug myapp -it --copy-to=myapp-debug --container=myapp -- sh
exit
kubectl delete pod myapp myapp-debug
kubectl run myapp --image=busybox:1.28 --restart=Never -- sleep 1d
kubectl debug myapp --copy-to=myapp-debug --set-image=*=ubuntu
kubectl delete pod myapp myapp-debug
kubectl debug node/minikube -it --image=ubuntu
ls /host
exit
sleep 2
kubectl get pods
kubectl delete pod node-debugger-minikube-hr9vx
kubectl run myapp --image=busybox:1.28 --restart=Never -- sleep 1d
kubectl debug -it myapp --image=busybox:1.28 --target=myapp --profile=sysadmin
exit
kubectl get pod myapp -o jsonpath='{.spec.ephemeralContainers[0].securityContext}'
echo
kubectl delete pod myapp
cat <<EOF > custom-profile.yaml
env:
- name: ENV_VAR_1
  value: value_1
- name: ENV_VAR_2
  value: value_2
securityContext:
  capabilities:
    add:
    - NET_ADMIN
    - SYS_TIME
EOF
kubectl run myapp --image=busybox:1.28 --restart=Never -- sleep 1d
kubectl debug -it myapp --image=busybox:1.28 --target=myapp --profile=general --custom=custom-profile.yaml
exit
kubectl get pod myapp -o jsonpath='{.spec.ephemeralContainers[0].env}'
echo
kubectl get pod myapp -o jsonpath='{.spec.ephemeralContainers[0].securityContext}'
echo
kubectl delete pod myapp
