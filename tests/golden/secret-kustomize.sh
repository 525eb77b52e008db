# kubernetes.io, « Managing Secrets using Kustomize » (tasks/configmap-secret/managing-secret-using-kustomize) :
# les trois onglets (littéraux, fichiers, fichier .env), l'application, la vérification et la modification.
# Literals
mkdir literals
cat <<EOF > literals/kustomization.yaml
secretGenerator:
- name: database-creds
  literals:
  - username=admin
  - password=1f2d1e2e67df
EOF
kubectl apply -k literals
# Files
mkdir files
cd files
echo -n 'admin' > ./username.txt
echo -n '1f2d1e2e67df' > ./password.txt
cat <<EOF > kustomization.yaml
secretGenerator:
- name: database-creds
  files:
  - username.txt
  - password.txt
EOF
kubectl kustomize
cd ..
# .env files
mkdir env
cat <<EOF > env/.env.secret
username=admin
password=1f2d1e2e67df
EOF
cat <<EOF > env/kustomization.yaml
secretGenerator:
- name: db-user-pass
  envs:
  - .env.secret
EOF
kubectl apply -k env
# Verify the Secret (managing-secret-using-kubectl)
kubectl get secrets
kubectl describe secret db-user-pass-bkbd782d2c
kubectl get secret db-user-pass-bkbd782d2c -o jsonpath='{.data}'
echo 'MWYyZDFlMmU2N2Rm' | base64 --decode
# Edit a Secret: a new one, under another name
cat <<EOF > env/.env.secret
username=admin
password=39528vdg7Jb
EOF
kubectl apply -k env
kubectl get secrets
# Clean up
kubectl delete secret db-user-pass-bkbd782d2c
kubectl delete -k env
kubectl delete -k literals
kubectl get secrets
