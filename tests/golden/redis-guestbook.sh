# Le TP « Déployer une application » : redis, puis guestbook qui s'y connecte.
mkdir -p my-project
cat > redis-pod.yaml <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: "redis"
  labels:
    app: "redis"
    tier: "backend"
spec:
  containers:
    - name: redis
      image: "redis"
      ports:
        - containerPort: 6379
EOF
cat > redis-service.yaml <<EOF
apiVersion: v1
kind: Service
metadata:
  name: redis
  labels:
    app: redis
    tier: backend
spec:
  ports:
    - port: 6379
      targetPort: 6379
  selector:
    app: redis
    tier: backend
EOF
cat > guestbook-pod.yaml <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: guestbook
  labels:
    app: guestbook
    tier: frontend
spec:
  containers:
    - name: guestbook
      image: registry.gitlab.com/gonzalez-marc/guestbook:latest
      imagePullPolicy: Always
      ports:
      - name: http-server
        containerPort: 3000
EOF
cat > guestbook-service.yaml <<EOF
apiVersion: v1
kind: Service
metadata:
  name: frontend
  labels:
    app: guestbook
    tier: frontend
spec:
  ports:
    - port: 3000
      targetPort: http-server
  selector:
    app: guestbook
  type: LoadBalancer
EOF
kubectl apply -f redis-pod.yaml
sleep 195
kubectl get pods
kubectl logs redis
kubectl apply -f redis-service.yaml
sleep 65
kubectl get services
kubectl describe svc redis
kubectl apply -f guestbook-pod.yaml
kubectl get pods -w
kubectl describe pod guestbook
kubectl apply -f guestbook-service.yaml
kubectl get svc
kubectl logs guestbook
kubectl describe svc frontend
minikube tunnel
kubectl get svc
IP=$(kubectl get svc frontend -o jsonpath='{.status.loadBalancer.ingress[0].ip}')
curl http://$IP:3000/lrange/guestbook
kubectl delete pod redis
curl http://$IP:3000/lrange/guestbook
kubectl logs guestbook --tail=2
kubectl apply -f redis-pod.yaml
sleep 10
curl http://$IP:3000/lrange/guestbook
kubectl logs guestbook --tail=1
kubectl logs guestbook --timestamps --tail=2
kubectl logs guestbook --since=10s
kubectl logs redis --since=1h --timestamps | head -2
kubectl logs -l app=guestbook --prefix --timestamps --tail=1
kubectl get pods --show-labels
kubectl get pods -l app=guestbook
kubectl get pods -l 'tier in (backend,frontend)' -o name
