# get: -o wide/name/yaml/json/jsonpath/custom-columns per kind, -L, --show-labels, --sort-by; wait; explain.
kubectl create deployment web --image=nginx:1.27 --replicas=2
kubectl run solo --image=nginx --labels=app=solo,tier=front
kubectl expose deploy web --port=80
kubectl create configmap cfg --from-literal=a=1
kubectl create secret generic pw --from-literal=p=x
kubectl wait --for=condition=Ready pod/solo --timeout=60s
kubectl wait --for=condition=Available deploy/web
kubectl wait --for=jsonpath='{.status.readyReplicas}'=2 deploy/web
kubectl wait --for=jsonpath='{.status.phase}'=Running pod -l app=web
kubectl wait --for=jsonpath=.metadata.name deploy/web
sleep 30
kubectl get pods -o wide
kubectl get pods -L app,tier
kubectl get pods --show-labels
kubectl get pods --sort-by=.metadata.name
kubectl get pods --sort-by=.status.podIP -o name
kubectl get pods -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image,NODE:.spec.nodeName
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.status.phase}{"\n"}{end}'
kubectl get deploy -o wide
kubectl get deploy -L app
kubectl get pods -o jsonpath='{.items[*].metadata.name}'
echo
kubectl get pods -A --no-headers -o custom-columns=NS:.metadata.namespace,NAME:.metadata.name
kubectl get pods --sort-by='{.metadata.name}' --no-headers
kubectl get deploy -o name
kubectl get rs -o wide
kubectl get svc -o wide
kubectl get svc -o name
kubectl get cm,secret
kubectl get secret pw -o jsonpath='{.data.p}'
echo
kubectl get nodes -o wide
kubectl get nodes -o custom-columns=NAME:.metadata.name,CPU:.status.capacity.cpu
kubectl get ns
kubectl get ep -o wide
kubectl get all
kubectl get cm cfg -o yaml
kubectl get deploy web -o json
kubectl get pod solo -o yaml
kubectl wait --for=condition=Ready pod -l app=web
kubectl wait --for=delete deploy/web --timeout=2s
kubectl delete pod solo --wait=false
kubectl wait --for=delete pod/solo --timeout=60s
kubectl wait --for=delete pod/solo
kubectl explain pod
kubectl explain deployment.spec.replicas
kubectl explain svc.spec.ports --recursive
