# Les erreurs que kubectl et le serveur d'API renvoient, mot pour mot.
kubectl get podz
kubectl get pods foo
kubectl describe deploy nope
kubectl delete svc nope
kubectl logs
kubectl exec foo
kubectl foo
kubectl lo
kubectl get pods --foo
kubectl get pods -z
kubectl get pods -n
kubectl get pods --show-labels=maybe
kubectl get
kubectl describe
kubectl delete
kubectl apply
kubectl apply -f nope.yaml
kubectl create
kubectl create foo
kubectl create deployment --image=nginx
kubectl create deployment x --image=nginx --replicas=abc
kubectl create configmap c --from-literal=foo
kubectl create service clusterip x
kubectl create service clusterip x --tcp=abc
kubectl run x --image=nginx --restart=Sometimes
kubectl run x --image=nginx --dry-run=server2
kubectl get pods -o foo
kubectl get pods -o jsonpath
kubectl rollout foo
kubectl rollout status
kubectl label
kubectl expose
kubectl port-forward
kubectl wait
kubectl explain
kubectl config use-context nosuch
kubectl apply -f https://example.com/pod.yaml
cat > typo.yaml <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: typo
spec:
  containers:
  - name: web
    imagee: nginx
    portz: []
EOF
kubectl apply -f typo.yaml
cat > nokind.yaml <<EOF
apiVersion: v1
metadata:
  name: nokind
EOF
kubectl apply -f nokind.yaml
cat > badyaml.yaml <<EOF
apiVersion: v1
kind: Pod
metadata:
	name: tab
EOF
kubectl apply -f badyaml.yaml
cat > selector.yaml <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: frontend
    spec:
      containers:
      - name: web
        image: nginx
EOF
kubectl create -f selector.yaml
kubectl apply -f selector.yaml
cat > UpperCase.yaml <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: WebServer
spec:
  containers:
  - name: web
    image: nginx
EOF
kubectl apply -f UpperCase.yaml
cat > v1beta1.yaml <<EOF
apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: old
EOF
kubectl apply -f v1beta1.yaml
kubectl create deployment web --image=nginx
kubectl create deployment web --image=nginx
kubectl scale deploy nope --replicas=2
kubectl rollout undo deploy/web
kubectl rollout history deploy/web --revision=5
kubectl delete ns default
kubectl get ns nope
kubectl get pods -n nope
kubectl run x --image=nginx -n nope
cat > pod.yaml <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: twice
  labels:
    app: twice
spec:
  containers:
  - name: web
    image: nginx
  - name: sidecar
    image: busybox
    command: ["sh", "-c", "while true; do echo tick; sleep 5; done"]
EOF
kubectl create -f pod.yaml
kubectl create -f pod.yaml
kubectl apply -f pod.yaml
kubectl apply -f pod.yaml --validate=foo
sleep 12
kubectl logs twice
kubectl logs twice -c sidecar --tail=1
kubectl logs twice --since=-5s
kubectl logs twice --tail=-2
kubectl logs twice --since=1m --since-time=2026-03-02T09:00:00Z
kubectl logs twice --since-time=hier
kubectl logs -l app=twice twice
kubectl rollout pause pod/twice
mkdir empty
kubectl apply -f empty
cat > nosel.yaml <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nosel
spec:
  template:
    metadata:
      labels:
        app: nosel
    spec:
      containers:
      - name: web
        image: nginx
EOF
kubectl apply -f nosel.yaml
cat > web.yaml <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web2
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web2
  template:
    metadata:
      labels:
        app: web2
    spec:
      containers:
      - name: web
        image: nginx
EOF
kubectl apply -f web.yaml
cat > web.yaml <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web2
spec:
  replicas: 1
  selector:
    matchLabels:
      app: other
  template:
    metadata:
      labels:
        app: other
    spec:
      containers:
      - name: web
        image: nginx
EOF
kubectl apply -f web.yaml
cat > web.yaml <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web2
spec:
  replicas: -1
  selector:
    matchLabels:
      app: web2
  template:
    metadata:
      labels:
        app: web2
    spec:
      restartPolicy: Never
      containers:
      - name: web
        image: nginx
EOF
kubectl apply -f web.yaml
cat > broken.yaml <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: broken
 labels:
    app: broken
EOF
kubectl apply -f broken.yaml
kubectl exec -it -n kube-system etcd-minikube -- sh
kubectl wait --for=foo pod/twice
kubectl wait --for=jsonpath= pod/twice
kubectl wait --for=jsonpath='{.spec.nodeName}'= pod/twice
kubectl wait --for=jsonpath='{.a}'=1=2 pod/twice
kubectl wait --for=jsonpath='{.status.conditions}' pod/twice
kubectl top pod --sort-by=disk
