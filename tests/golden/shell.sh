# La console : fichiers, tubes, redirections, sorties de kubectl.
pwd
ls
mkdir manifests
cd manifests
kubectl create deployment web --image=nginx --replicas=2 --dry-run=client -o yaml > web.yaml
cat web.yaml
kubectl apply -f web.yaml
kubectl apply -f web.yaml
cd ..
ls manifests
sleep 5
kubectl get pods | grep web | wc -l
kubectl get pods -o name | sort
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.status.phase}{"\n"}{end}'
kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[0].image}'
echo
kubectl get pods -o custom-columns=NAME:.metadata.name,IP:.status.podIP,NODE:.spec.nodeName
kubectl get deploy web -o json | grep -c uid
kubectl create secret generic db --from-literal=user=admin --from-literal=password=s3cr3t
kubectl get secret db -o jsonpath='{.data.password}' | base64 -d
echo
kubectl get secrets
kubectl describe secret db
kubectl create configmap app --from-literal=mode=prod
kubectl get cm app -o yaml
kubectl describe cm app
k get deploy
kubectl get pods --sort-by=.metadata.name -L app
kubectl get deploy,svc -A
kubectl config set-context --current --namespace=kube-system
kubectl get pods | head -3
kubectl config get-contexts
kubectl config set-context --current --namespace=default
kubectl version
kubectl cluster-info
kubectl get nodes -o wide
kubectl delete deploy web && echo supprimé
kubectl get pods nope || echo "code : $?"
kubctl get pods
foo
history | tail -3
kubectl explain deploy.spec.strategy
kubectl explain pod.spec.containers.image
# cp et mv : un second manifeste à partir du premier, un dossier de projet.
cp manifests/web.yaml web2.yaml
mkdir projet
cp manifests/web.yaml web2.yaml projet/
mv projet mon-projet
ls mon-projet
kubectl apply -f mon-projet/ --dry-run=client
cp mon-projet copie
cp -r mon-projet copie && ls copie
mv copie copie/dedans
mv absent ailleurs
# --field-selector : les champs que le serveur sait filtrer, et ses refus.
kubectl run mauvaise --image=nginx:nope
kubectl create deployment front --image=nginx:1.27 --replicas=2
sleep 20
kubectl get pods --field-selector=status.phase=Running
kubectl get pods --field-selector status.phase!=Running,spec.nodeName=minikube
kubectl get events --field-selector involvedObject.name=mauvaise,type=Warning
kubectl get pods --field-selector=status.hostIP=192.168.49.2
kubectl get deploy --field-selector=spec.replicas=2
kubectl get pods -l app=front --field-selector=status.phase
kubectl get pod mauvaise --field-selector=status.phase=Pending
kubectl delete pods --field-selector=status.phase=Pending
# kubectl logs -l : un flux par pod, arrêt à la première erreur, limite de -f.
kubectl scale deploy front --replicas=6
kubectl logs -l app=front --tail=1
echo "code $?"
sleep 20
kubectl logs -l app=front --tail=1 --prefix
kubectl logs -l app=front -f
kubectl run box --image=busybox -it -- sh
echo dedans
exit
kubectl get pod box
sleep 5
kubectl get pod box
kubectl attach -it box
exit
kubectl attach box -c nope
kubectl attach
kubectl attach pod box extra
kubectl run once --image=busybox -it --restart=Never -- sh
exit
sleep 2
kubectl attach once
kubectl create deployment trio --image=nginx --replicas=3
sleep 10
kubectl logs deploy/trio --tail=1
kubectl run web-attach --image=nginx
sleep 10
kubectl attach -it web-attach
kubectl exec -it web-attach -- sh
hostname
exit
kubectl exec -it web-attach -- bash
exit
curl -s localhost:8080
echo "code $?"
curl localhost
kubectl port-forward pod/web-attach 8080:80 &
curl -s localhost:8080 | grep title
jobs
kubectl port-forward deploy/trio 9090:80 &
curl -s http://127.0.0.1:9090/ | wc -l
jobs
kill %1
kill %1
fg
kubectl port-forward pod/web-attach 7070:http
kubectl port-forward pod/pending-nope 7070:80
kubectl exec web-attach -- wget -qO- localhost
kubectl exec -it web-attach -- bash
wget localhost
exit
kubectl exec -it web-attach -- sh
wget localhost
exit
