# kubernetes.io, « Declarative Management of Kubernetes Objects Using Kustomize » (tasks/manage-kubernetes-objects/kustomization) :
# les bases et overlays, puis « How to apply/view/delete objects using Kustomize ».
mkdir base
cat <<EOF > base/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-nginx
spec:
  selector:
    matchLabels:
      run: my-nginx
  replicas: 2
  template:
    metadata:
      labels:
        run: my-nginx
    spec:
      containers:
      - name: my-nginx
        image: nginx
EOF
cat <<EOF > base/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: my-nginx
  labels:
    run: my-nginx
spec:
  ports:
  - port: 80
    protocol: TCP
  selector:
    run: my-nginx
EOF
cat <<EOF > base/kustomization.yaml
resources:
- deployment.yaml
- service.yaml
EOF
mkdir dev
cat <<EOF > dev/kustomization.yaml
resources:
- ../base
namePrefix: dev-
EOF
mkdir prod
cat <<EOF > prod/kustomization.yaml
resources:
- ../base
namePrefix: prod-
EOF
kubectl kustomize dev
kubectl apply -k prod
# How to apply/view/delete objects using Kustomize
cat <<EOF > deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-nginx
spec:
  selector:
    matchLabels:
      run: my-nginx
  replicas: 2
  template:
    metadata:
      labels:
        run: my-nginx
    spec:
      containers:
      - name: my-nginx
        image: nginx
        ports:
        - containerPort: 80
EOF
cat <<EOF >./kustomization.yaml
namePrefix: dev-
commonLabels:
  app: my-nginx
resources:
- deployment.yaml
EOF
kubectl apply -k ./
sleep 10
kubectl get -k ./
kubectl describe -k ./
kubectl diff -k ./
kubectl delete -k ./
kubectl delete -k prod
kubectl get deployments,services
