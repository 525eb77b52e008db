# replace, patch (strategic, merge, json), set image/resources, rollout history.
kubectl create deployment web --image=nginx:1.27 --replicas=2
cat > pod.yaml <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: solo
  labels:
    app: solo
spec:
  containers:
  - name: app
    image: nginx:1.27
YAML
kubectl create -f pod.yaml
sleep 30
kubectl get deploy web -o yaml > web.yaml
kubectl replace -f web.yaml
kubectl replace -f pod.yaml
kubectl patch deploy web -p '{"spec":{"replicas":1}}'
kubectl patch deploy web --type=merge -p '{"metadata":{"labels":{"tier":"front"}}}'
kubectl patch deploy web --type=json -p '[{"op":"replace","path":"/spec/replicas","value":2}]'
kubectl patch deploy web --type=json -p '[{"op":"replace","path":"/spec/replicas","value":2}]'
kubectl patch pod solo -p '{"spec":{"containers":[{"name":"app","image":"nginx:1.26"}]}}'
kubectl patch pod solo -p '{"spec":{"containers":[{"name":"app","image":"nginx:1.26"}]}}'
kubectl get deploy web --show-labels
kubectl set env deploy/web MODE=prod
kubectl set resources deploy/web --limits=cpu=200m,memory=128Mi --requests=cpu=100m
kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[0].resources}'
echo
kubectl set image deploy/web nginx=nginx:1.26
sleep 60
kubectl get pods
kubectl get pod -l app=web -o jsonpath='{.items[0].spec.containers[0].resources}'
echo
kubectl rollout history deploy/web
kubectl rollout history deploy/web --revision=2
kubectl rollout history deploy/web --revision=3
