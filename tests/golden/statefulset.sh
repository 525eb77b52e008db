# Un StatefulSet de trois : pods dans l'ordre, une réclamation chacun, qui survit à la suppression.
kubectl get storageclass
kubectl apply -f https://k8s.io/examples/application/web/web.yaml
kubectl get statefulset web
kubectl get pods -l app=nginx
sleep 10
kubectl get pods -l app=nginx
kubectl scale statefulset web --replicas=3
kubectl rollout status statefulset/web
kubectl get sts,pods,pvc
kubectl get pv -o custom-columns=CLAIM:.spec.claimRef.name,PATH:.spec.hostPath.path,POLICY:.spec.persistentVolumeReclaimPolicy
kubectl exec web-2 -- sh -c 'echo web-2 > /usr/share/nginx/html/index.html'
kubectl run client --image=busybox:1.28 --restart=Never -- sleep 3600
sleep 10
kubectl exec client -- wget -qO- http://web-2.nginx
kubectl exec client -- nslookup web-2.nginx
kubectl delete pod web-2
kubectl get pods -l app=nginx
sleep 10
kubectl exec client -- wget -qO- http://web-2.nginx
kubectl describe statefulset web
kubectl delete statefulset web
sleep 30
kubectl get pods -l app=nginx
kubectl get pvc
kubectl describe pvc www-web-2
