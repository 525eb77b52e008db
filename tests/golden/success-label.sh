# label and annotate, each way they succeed (label.go, annotate.go).
kubectl create deployment web --image=nginx:1.27 --replicas=2
kubectl run solo --image=nginx --labels=app=solo,tier=front
sleep 30
kubectl get pods --show-labels
kubectl label pod solo env=prod
kubectl label pod solo env=dev
kubectl label pod solo env=dev --overwrite
kubectl label pod solo env=dev --overwrite
kubectl label pod solo tier-
kubectl label pod solo --list
kubectl label pods -l app=web color=blue
kubectl label pods --all zone=a
kubectl get pods -L color,zone
kubectl get pods -l color=blue
kubectl label deploy/web team=core
kubectl get deploy web --show-labels
kubectl annotate pod solo note=hello
kubectl annotate pod solo note=bye --overwrite
kubectl annotate pod solo note-
kubectl annotate pods --all owner=me
kubectl annotate pod solo --list
kubectl describe pod solo | grep -A1 -E '^(Labels|Annotations)'
