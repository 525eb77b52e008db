# Les deployments : création, mise à jour progressive, historique et retour arrière.
cat > vote-deploy.yaml <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: vote-deploy
spec:
  replicas: 3
  selector:
    matchLabels:
      app: vote
  template:
    metadata:
      labels:
        app: vote
    spec:
      containers:
      - name: vote
        image: instavote/vote:v1
        ports:
        - containerPort: 80
EOF
kubectl apply -f vote-deploy.yaml
kubectl rollout status deploy/vote-deploy
kubectl get deploy,rs,pods
kubectl set image deploy/vote-deploy vote=instavote/vote:v2 --record
kubectl rollout status deploy/vote-deploy
kubectl get rs
kubectl rollout history deploy/vote-deploy
kubectl set image deploy/vote-deploy vote=instavote/vote:nope
sleep 30
kubectl get pods
kubectl rollout undo deploy/vote-deploy
kubectl rollout status deploy/vote-deploy
kubectl rollout history deploy/vote-deploy
kubectl rollout undo deploy/vote-deploy --to-revision=1
kubectl rollout status deploy/vote-deploy
kubectl describe deploy/vote-deploy
kubectl rollout history deploy/vote-deploy --revision=4
kubectl rollout undo deploy/vote-deploy --to-revision=9
kubectl rollout pause deploy/vote-deploy
kubectl rollout pause deploy/vote-deploy
kubectl rollout undo deploy/vote-deploy
kubectl rollout resume deploy/vote-deploy
kubectl scale deploy vote-deploy --replicas=5
kubectl rollout status deploy/vote-deploy
kubectl get deploy vote-deploy -o wide
kubectl delete deploy vote-deploy
kubectl get rs
kubectl create deployment slow --image=nginx:1.999
kubectl patch deploy slow -p '{"spec":{"progressDeadlineSeconds":30}}'
kubectl rollout status deploy/slow
echo "code $?"
kubectl rollout restart deploy/slow
kubectl get deploy slow
kubectl set image deploy/slow nginx=nginx:1.27 && kubectl rollout status deploy/slow --timeout=1s
echo "code $?"
kubectl rollout status deploy/slow --timeout=2m
kubectl create deployment vote --image=dockersamples/examplevotingapp_vote --dry-run=client -o jsonpath='{.spec.template.spec.containers[0].name}{"\n"}'
