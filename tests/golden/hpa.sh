# The kubernetes.io HorizontalPodAutoscaler walkthrough: metrics-server,
# php-apache, kubectl autoscale, a load loop, the scale-up, then the load
# stopped and the five-minute scale-down window.
minikube addons enable metrics-server
kubectl apply -f https://k8s.io/examples/application/php-apache.yaml
sleep 30
kubectl get pods
kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10
kubectl get hpa
sleep 20
kubectl get hpa
kubectl run load-generator --image=busybox:1.28 --restart=Never -- /bin/sh -c "while sleep 0.01; do wget -q -O- http://php-apache; done"
sleep 15
kubectl top pods
kubectl get hpa php-apache
sleep 15
kubectl get hpa php-apache
sleep 60
kubectl get hpa php-apache
kubectl get deployment php-apache
kubectl top pods
kubectl describe hpa php-apache
kubectl delete pod load-generator --now
sleep 60
kubectl get hpa php-apache
kubectl describe hpa php-apache
sleep 180
kubectl get hpa php-apache
sleep 60
kubectl get hpa php-apache
sleep 60
kubectl get hpa php-apache
kubectl get deployment php-apache
kubectl describe hpa php-apache
kubectl get hpa php-apache -o yaml
kubectl get hpa.v1.autoscaling php-apache -o yaml
kubectl delete hpa php-apache
