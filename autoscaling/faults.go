package autoscaling

// FaultInstanceImpaired is the fault that an Auto Scaling group injects from
// its account's fault plan ([cloud.Account.SetFaultPlan]): an instance's
// EC2 status checks start failing, as when the hardware or network of its
// host fails, with what [Service.ImpairInstance] does: the group marks it
// unhealthy at its first health check past the grace period, and replaces
// it. The opportunity is each instance in service at each health check
// of its group (every [HealthCheckInterval]); the rule's Resource is the
// group's name, and the event log names the instance.
const FaultInstanceImpaired = "autoscaling:InstanceImpaired"
