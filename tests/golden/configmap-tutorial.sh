# kubernetes.io, « Configure a Pod to Use a ConfigMap » (tasks/configure-pod-container/configure-pod-configmap), commande pour commande.
# Écarts : les pods du tutoriel s'appellent tous dapi-test-pod et plusieurs ConfigMaps reviennent sous le même nom ;
# le tutoriel suppose qu'on nettoie entre les sections : on le fait (delete) là où un vrai cluster refuserait.
# Create ConfigMaps from directories
mkdir -p configure-pod-container/configmap/
wget https://kubernetes.io/examples/configmap/game.properties -O configure-pod-container/configmap/game.properties
wget https://kubernetes.io/examples/configmap/ui.properties -O configure-pod-container/configmap/ui.properties
kubectl create configmap game-config --from-file=configure-pod-container/configmap/
kubectl describe configmaps game-config
kubectl get configmaps game-config -o yaml
# Create ConfigMaps from files
kubectl create configmap game-config-2 --from-file=configure-pod-container/configmap/game.properties
kubectl describe configmaps game-config-2
kubectl create configmap game-config-2 --from-file=configure-pod-container/configmap/game.properties --from-file=configure-pod-container/configmap/ui.properties
kubectl delete configmap game-config-2
kubectl create configmap game-config-2 --from-file=configure-pod-container/configmap/game.properties --from-file=configure-pod-container/configmap/ui.properties
kubectl describe configmaps game-config-2
wget https://kubernetes.io/examples/configmap/game-env-file.properties -O configure-pod-container/configmap/game-env-file.properties
cat configure-pod-container/configmap/game-env-file.properties
kubectl create configmap game-config-env-file --from-env-file=configure-pod-container/configmap/game-env-file.properties
kubectl get configmap game-config-env-file -o yaml
wget https://kubernetes.io/examples/configmap/ui-env-file.properties -O configure-pod-container/configmap/ui-env-file.properties
kubectl create configmap config-multi-env-files --from-env-file=configure-pod-container/configmap/game-env-file.properties --from-env-file=configure-pod-container/configmap/ui-env-file.properties
kubectl get configmap config-multi-env-files -o yaml
# Define the key to use when creating a ConfigMap from a file
kubectl create configmap game-config-3 --from-file=game-special-key=configure-pod-container/configmap/game.properties
kubectl get configmaps game-config-3 -o yaml
# Create ConfigMaps from literal values
kubectl create configmap special-config --from-literal=special.how=very --from-literal=special.type=charm
kubectl get configmaps special-config -o yaml
# Create a ConfigMap from generator: files
cat <<EOF >./kustomization.yaml
configMapGenerator:
- name: game-config-4
  files:
  - configure-pod-container/configmap/game.properties
EOF
kubectl apply -k .
kubectl get configmap
kubectl describe configmaps/game-config-4-92cb5f7c7h
# Define the key to use when generating a ConfigMap from a file
cat <<EOF >./kustomization.yaml
configMapGenerator:
- name: game-config-5
  files:
  - game-special-key=configure-pod-container/configmap/game.properties
EOF
kubectl apply -k .
# Generate ConfigMaps from Literals
cat <<EOF >./kustomization.yaml
configMapGenerator:
- name: special-config-2
  literals:
  - special.how=very
  - special.type=charm
EOF
kubectl apply -k .
kubectl kustomize .
# Define a container environment variable with data from a single ConfigMap
kubectl delete configmap special-config
kubectl create configmap special-config --from-literal=special.how=very
kubectl create -f https://kubernetes.io/examples/pods/pod-single-configmap-env-variable.yaml
sleep 30
kubectl logs dapi-test-pod
# Define container environment variables with data from multiple ConfigMaps
kubectl delete pod dapi-test-pod
kubectl delete configmap special-config
kubectl create -f https://kubernetes.io/examples/configmap/configmaps.yaml
kubectl create -f https://kubernetes.io/examples/pods/pod-multiple-configmap-env-variable.yaml
sleep 30
kubectl logs dapi-test-pod
# Configure all key-value pairs in a ConfigMap as container environment variables
kubectl delete pod dapi-test-pod
kubectl delete configmap special-config
kubectl create -f https://kubernetes.io/examples/configmap/configmap-multikeys.yaml
kubectl create -f https://kubernetes.io/examples/pods/pod-configmap-envFrom.yaml
sleep 30
kubectl logs dapi-test-pod
# Use ConfigMap-defined environment variables in Pod commands
kubectl delete pod dapi-test-pod
kubectl create -f https://kubernetes.io/examples/pods/pod-configmap-env-var-valueFrom.yaml
sleep 30
kubectl logs dapi-test-pod
# Populate a Volume with data stored in a ConfigMap
kubectl delete pod dapi-test-pod
kubectl create -f https://kubernetes.io/examples/pods/pod-configmap-volume.yaml
sleep 30
kubectl logs dapi-test-pod
# Add ConfigMap data to a specific path in the Volume
kubectl delete pod dapi-test-pod
kubectl create -f https://kubernetes.io/examples/pods/pod-configmap-volume-specific-key.yaml
sleep 30
kubectl logs dapi-test-pod
kubectl get pods
