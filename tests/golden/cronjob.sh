# Les CronJobs : une tâche planifiée chaque minute, son historique et ses Jobs.
kubectl create cronjob tick --image=busybox --schedule='*/1 * * * *' -- date
kubectl get cronjobs
sleep 60
kubectl get cj,jobs
sleep 60
sleep 60
kubectl get jobs
kubectl get pods
kubectl describe cronjob tick
kubectl create job manual --from=cronjob/tick
sleep 5
kubectl get jobs
kubectl logs job/manual
kubectl delete cronjob tick
kubectl get jobs,pods
