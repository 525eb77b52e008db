# Une image privée : refusée sans identifiants, un mauvais mot de passe, puis tirée avec un Secret docker-registry.
kubectl run prive --image=registry.example.com/atelier/hello-app:1.0
sleep 20
kubectl get pods
kubectl describe pod prive
kubectl create secret docker-registry mauvais --docker-server=registry.example.com --docker-username=eleve --docker-password=faux
cat <<EOF > mauvais.yaml
apiVersion: v1
kind: Pod
metadata:
  name: mauvais
spec:
  imagePullSecrets:
  - name: mauvais
  containers:
  - name: mauvais
    image: registry.example.com/atelier/nginx:1.27
    imagePullPolicy: Always
EOF
kubectl apply -f mauvais.yaml
sleep 20
kubectl get pod mauvais
kubectl get events --field-selector involvedObject.name=mauvais
kubectl create secret docker-registry registre-atelier --docker-server=registry.example.com --docker-username=eleve --docker-password=atelier-k8s
kubectl get secret registre-atelier
cat <<EOF > bonjour.yaml
apiVersion: v1
kind: Pod
metadata:
  name: bonjour
spec:
  imagePullSecrets:
  - name: registre-atelier
  containers:
  - name: bonjour
    image: registry.example.com/atelier/hello-app:1.0
EOF
kubectl apply -f bonjour.yaml
sleep 20
kubectl get pods
kubectl describe pod bonjour
