# kubectl config: contexts, clusters and users (config's subcommands). Every line's output
# was diffed against the real kubectl 1.32 client on a scratch KUBECONFIG holding minikube's
# kubeconfig (its path replaced by ours) and is the same.
kubectl config set-context dev --namespace=development --cluster=minikube --user=minikube
kubectl config set-context dev --namespace=dev2
kubectl config set-context prod --namespace=production --cluster=minikube --user=minikube
kubectl config get-contexts
kubectl config use-context dev
kubectl config current-context
kubectl config get-contexts
kubectl config get-contexts -o name
kubectl config get-contexts dev nope
kubectl config get-clusters
kubectl config get-users
kubectl config rename-context prod production
kubectl config rename-context prod x
kubectl config rename-context production dev
kubectl config delete-context production
kubectl config delete-context nope
kubectl config delete-context dev
kubectl config set-cluster other --server=https://1.2.3.4:6443
kubectl config set-cluster other --insecure-skip-tls-verify=true
kubectl config set-credentials bob --token=abc
kubectl config set-context o --cluster=other --user=bob
kubectl config view --minify
kubectl config use-context o
kubectl config view --minify
kubectl config view --minify --raw
kubectl config use-context nope
kubectl config set-context --current --namespace=x
kubectl config set-context --current dev
kubectl config set-context
kubectl config delete-cluster other
kubectl config delete-user bob
kubectl config delete-user nope
kubectl config get-users
kubectl config view -o jsonpath={.contexts[*].name}
kubectl config use minikube
kubectl config current-context
kubectl config view
