# Les services : le pod vote derrière un ClusterIP, vu depuis un pod de debug, puis un NodePort.
cat > vote-pod.yaml <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: vote
  labels:
    app: vote
spec:
  containers:
  - name: vote
    image: instavote/vote
    ports:
    - containerPort: 80
EOF
cat > vote-service-clusterIP.yaml <<EOF
apiVersion: v1
kind: Service
metadata:
  name: vote-service
spec:
  selector:
    app: vote
  type: ClusterIP
  ports:
  - port: 80
    targetPort: 80
EOF
cat > pod-debug.yaml <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
  - name: debug
    image: alpine
    command:
    - "sleep"
    - "10000"
EOF
kubectl create -f vote-pod.yaml
kubectl create -f vote-service-clusterIP.yaml
kubectl create -f pod-debug.yaml
sleep 20
kubectl get po,svc,ep
kubectl exec -ti debug -- sh
apk update && apk add curl
curl -s http://vote-service | head -3
exit
kubectl delete svc vote-service
cat > vote-service.yaml <<EOF
apiVersion: v1
kind: Service
metadata:
  name: vote-service
spec:
  selector:
    app: vote
  type: NodePort
  ports:
  - port: 80
    targetPort: 80
    nodePort: 31000
EOF
kubectl create -f vote-service.yaml
kubectl get svc vote-service -o wide
minikube service vote-service --url
curl -s http://192.168.49.2:31000 | head -3
kubectl get endpoints vote-service
