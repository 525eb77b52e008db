# describe, every kind we serve (describe.go): pod, node, namespace, configmap,
# secret, service, endpoints, deployment, replicaset, event.
kubectl create deployment web --image=nginx:1.27 --replicas=2
kubectl run solo --image=nginx:1.27 --labels=app=solo --port=80
kubectl expose deployment web --port=80 --type=NodePort
kubectl create configmap cfg --from-literal=color=blue --from-literal=size=10
kubectl create secret generic pw --from-literal=password=s3cret
kubectl create namespace team
cat > rich.yaml <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: rich
  labels:
    app: rich
  annotations:
    note: hello
spec:
  initContainers:
  - name: init
    image: busybox
    command: ["sh", "-c", "echo init"]
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerPort: 80
      name: http
    env:
    - name: MODE
      value: prod
    - name: CFG
      valueFrom:
        configMapKeyRef:
          name: cfg
          key: color
    envFrom:
    - configMapRef:
        name: cfg
    resources:
      requests:
        cpu: 100m
        memory: 64Mi
      limits:
        memory: 128Mi
    readinessProbe:
      httpGet:
        path: /
        port: 80
    livenessProbe:
      tcpSocket:
        port: 80
      initialDelaySeconds: 5
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    emptyDir: {}
  nodeSelector:
    kubernetes.io/os: linux
YAML
kubectl create -f rich.yaml
sleep 30
kubectl describe pod solo
kubectl describe pod rich
kubectl get pod rich -o jsonpath='{.spec.containers[0].readinessProbe}'
echo
kubectl describe node minikube
kubectl describe namespace team
kubectl describe configmap cfg
kubectl describe secret pw
kubectl describe service web
kubectl describe endpoints web
kubectl describe deployment web
kubectl describe rs
kubectl describe ns default
kubectl get events --field-selector involvedObject.kind=Deployment -o name
kubectl describe $(kubectl get events --field-selector involvedObject.kind=Deployment -o name)
