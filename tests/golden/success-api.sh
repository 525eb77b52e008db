# Discovery and client facts: api-resources, api-versions, version, cluster-info, config.
kubectl api-versions
kubectl api-resources
kubectl api-resources --namespaced=false
kubectl api-resources --namespaced=true --api-group=apps
kubectl api-resources --api-group=apps -o name
kubectl api-resources -o name --namespaced=true
kubectl api-resources --api-group=
kubectl api-resources --namespaced -o name | head -3
kubectl api-resources --verbs=list,get --namespaced -o name
kubectl api-resources --verbs=create --verbs=list --namespaced=false --no-headers
kubectl api-resources --api-group=apps --sort-by=kind
kubectl api-resources --sort-by=name --api-group=rbac.authorization.k8s.io
kubectl api-resources --sort-by=foo
kubectl version
kubectl version --client
kubectl cluster-info
kubectl config view
kubectl config get-contexts
kubectl config current-context
kubectl config view --minify -o jsonpath='{.contexts[0].context.cluster}'
echo
kubectl config set-context --current --namespace=kube-system
kubectl config get-contexts
kubectl get deploy
kubectl config view --minify -o jsonpath='{..namespace}'
echo
kubectl config use-context minikube
kubectl config set-context --current --namespace=default
kubectl config get-contexts minikube
kubectl config get-contexts -o name
kubectl config get-contexts --no-headers
kubectl config get-contexts minikube nosuch
kubectl config get-contexts nosuch other
kubectl config get-contexts -o json
kubectl config get-clusters
kubectl config get-users
