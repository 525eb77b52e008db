# Discovery and client facts: api-resources, api-versions, version, cluster-info, config.
kubectl api-versions
kubectl api-resources
kubectl api-resources --namespaced=false
kubectl api-resources --namespaced=true --api-group=apps
kubectl api-resources --api-group=apps -o name
kubectl api-resources -o name --namespaced=true
kubectl api-resources --api-group=
kubectl version
kubectl version --client
kubectl cluster-info
kubectl config view
kubectl config get-contexts
kubectl config current-context
kubectl config view --minify -o jsonpath='{.contexts[0].context.cluster}'
echo
