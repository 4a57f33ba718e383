package beanstalk

import (
	"context"
	"io"
	"net/http"

	"github.com/awssim/awssim/autoscaling"
)

// checkSingleInstance refuses, for a single-instance environment, what
// needs more than one instance: the deployment policies other than
// AllAtOnce and Immutable (the developer guide's table of supported
// policies) and rolling configuration updates.
func checkSingleInstance(o settings) error {
	if o.get(NamespaceEnvironment, "EnvironmentType") != "SingleInstance" {
		return nil
	}
	if v := o.get(NamespaceRollingUpdate, "RollingUpdateEnabled"); v == "true" {
		return ErrConfigurationValidation.With("Configuration validation exception: Invalid option value: '%s' (Namespace: '%s', OptionName: 'RollingUpdateEnabled'): You can't enable rolling updates for a single-instance environment.", v, NamespaceRollingUpdate)
	}
	switch p := policy(o); p {
	case DeployAllAtOnce, DeployImmutable:
		return nil
	default:
		return ErrConfigurationValidation.With("Configuration validation exception: Invalid option value: '%s' (Namespace: '%s', OptionName: 'DeploymentPolicy'): A single-instance environment supports the AllAtOnce and Immutable deployment policies only.", p, NamespaceCommand)
	}
}

// badGateway is the page the platform's proxy (nginx) on an instance
// answers with when the application behind it does not answer.
const badGateway = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"

// instanceHandler answers for a single-instance web-server
// environment's CNAME: the instance that holds the environment's
// Elastic IP address serves the request, through the platform's proxy,
// which answers 502 when the application does not. With no instance in
// service to hold the address, the request gets 503.
func (s *Service) instanceHandler(e *environment) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := s.addressHolder(e)
		if id == "" {
			http.Error(w, "no instance holds the address of "+e.desc.EnvironmentName, http.StatusServiceUnavailable)
			return
		}
		if !s.lbs.ServeHost(id, w, r) {
			w.Header().Set("Server", "nginx")
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			io.WriteString(w, badGateway)
		}
	})
}

// addressHolder returns the instance that holds a single-instance
// environment's Elastic IP address now: the first of its group's
// instances in service, so that the one holding it keeps it while in
// service and a replacement takes it over once in service; "" when no
// instance is in service. It calls Auto Scaling: no lock may be held.
func (s *Service) addressHolder(e *environment) string {
	s.mu.Lock()
	group := e.group
	s.mu.Unlock()
	out, err := s.groups.DescribeAutoScalingGroups(context.Background(), &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{group}})
	if err != nil || len(out.AutoScalingGroups) == 0 {
		return ""
	}
	holder := autoscaling.Instance{}
	for _, i := range out.AutoScalingGroups[0].Instances {
		if i.LifecycleState == autoscaling.StateInService && (holder.InstanceId == "" || i.LaunchTime.Before(holder.LaunchTime)) {
			holder = i
		}
	}
	return holder.InstanceId
}
