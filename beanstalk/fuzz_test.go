package beanstalk_test

import (
	"errors"
	"testing"
	"time"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/beanstalk"
)

// FuzzCreateEnvironmentInputs sends arbitrary environment names, tiers
// and option settings: every call succeeds or fails with a coded error,
// a refused environment leaves nothing behind in the lower services,
// and an accepted one runs its group within its bounds.
func FuzzCreateEnvironmentInputs(f *testing.F) {
	f.Add("shop-prod", false, beanstalk.NamespaceASG, "MinSize", "2", beanstalk.NamespaceCommand, "DeploymentPolicy", "Rolling")
	f.Add("abc", true, beanstalk.NamespaceSQSD, "HttpConnections", "0", "aws:made:up", "X", "1")
	f.Add("shop-jobs", true, beanstalk.NamespaceTrigger, "MeasureName", "Latency", beanstalk.NamespaceASG, "MaxSize", "10001")
	f.Fuzz(func(t *testing.T, name string, worker bool, ns1, opt1, v1, ns2, opt2, v2 string) {
		w := newWorld(t)
		in := &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: name, VersionLabel: "v1",
			OptionSettings: []beanstalk.ConfigurationOptionSetting{option(ns1, opt1, v1), option(ns2, opt2, v2)}}
		if worker {
			in.Tier = workerTier
		}
		_, err := w.svc.CreateEnvironment(ctx, in)
		if err != nil {
			var e *beanstalk.Error
			if !errors.As(err, &e) || e.Code == "" {
				t.Fatalf("an error without an AWS code: %v", err)
			}
			w.clk.Advance(time.Minute) // what a failed launch removes goes
			groups, gerr := w.svc.AutoScaling().DescribeAutoScalingGroups(ctx, nil)
			if gerr != nil || len(groups.AutoScalingGroups) != 0 {
				t.Fatalf("a refused environment left a group: %+v", groups.AutoScalingGroups)
			}
			return
		}
		w.clk.Advance(12 * time.Minute)
		groups, err := w.svc.AutoScaling().DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{})
		if err != nil || len(groups.AutoScalingGroups) != 1 {
			t.Fatalf("groups: %v %+v", err, groups)
		}
		g := groups.AutoScalingGroups[0]
		if g.DesiredCapacity < g.MinSize || g.DesiredCapacity > g.MaxSize {
			t.Fatalf("desired %d of [%d, %d]", g.DesiredCapacity, g.MinSize, g.MaxSize)
		}
		if s := w.env(name).Status; s != beanstalk.StatusReady {
			t.Fatalf("status %s after 12 minutes", s)
		}
	})
}
