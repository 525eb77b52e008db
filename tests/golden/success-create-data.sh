# create configmap and create secret, as kubectl checks them before it sends anything
# (configmap.go, secret.go, secret_for_docker_registry.go): a directory read file by
# file, key names, a key given twice, docker-registry's .dockerconfigjson. Every line's
# output was diffed against the real kubectl 1.32 client (--dry-run=client) and is the same.
mkdir conf
mkdir conf/sub
echo a=1 > conf/x.properties
echo hello > conf/y.txt
kubectl create configmap c1 --from-file=conf --dry-run=client -o yaml
kubectl create configmap c1 --from-file=k=conf --dry-run=client -o yaml
kubectl create secret generic s1 --from-file=conf --dry-run=client -o yaml
echo 'a b=1' > bad.env
kubectl create configmap c --from-env-file=bad.env --dry-run=client -o yaml
echo '1A=1' > bad2.env
kubectl create configmap c --from-env-file=bad2.env --dry-run=client -o yaml
kubectl create configmap c --from-literal=a=1 --from-literal=a=2 --dry-run=client -o yaml
kubectl create secret generic s --from-literal=a=1 --from-literal=a=2 --dry-run=client -o yaml
echo 'a.b=1' > ok.env
kubectl create configmap c --from-env-file=ok.env --dry-run=client -o yaml
kubectl create secret generic s --from-env-file=bad.env --dry-run=client -o yaml
kubectl create configmap c --from-literal='a b=1' --dry-run=client -o yaml
kubectl create secret generic s --from-literal='a b=1' --dry-run=client -o yaml
kubectl create configmap c --from-file='x y=conf/y.txt' --dry-run=client -o yaml
echo hello > c.crt
kubectl create secret docker-registry reg --docker-username=u --docker-password=p --docker-server=r.io --dry-run=client -o yaml
kubectl create secret docker-registry reg --docker-username=u --docker-password=p --docker-email=e@x --dry-run=client -o json
kubectl create secret docker-registry reg --dry-run=client -o yaml
kubectl create secret docker-registry reg --docker-username=u --dry-run=client -o yaml
kubectl create secret docker-registry --docker-username=u --docker-password=p --dry-run=client
kubectl create secret docker-registry reg --docker-username=u --docker-password=p --from-file=.dockerconfigjson=c.crt --dry-run=client -o yaml
kubectl create secret docker-registry reg --from-file=c.crt --dry-run=client -o yaml
kubectl create secret docker-registry reg --docker-username=u --docker-password=p --docker-server=r.io --dry-run=client
kubectl create secret docker-registry a b --docker-username=u --docker-password=p
kubectl create secret docker-registry reg --docker-username=u --docker-password=p --docker-server= --dry-run=client -o yaml
kubectl create secret docker-registry reg --from-file=nope --dry-run=client -o yaml
