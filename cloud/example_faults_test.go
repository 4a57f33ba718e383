package cloud_test

import (
	"fmt"
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/sim"
)

// A zone outage is a lasting fault: from the first look at or after its
// rule's From it holds on the zone until its Until, for every service
// that looks, and the event log has it once.
func ExampleAccount_LastingFault() {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clk := sim.NewClock(start)
	acct := cloud.New(cloud.WithClock(clk))
	acct.SetFaultPlan(cloud.FaultRule{Name: "az-a-down", Fault: cloud.FaultZoneOutage, Resource: "us-east-1a",
		Probability: 1, From: start.Add(time.Minute), Until: start.Add(time.Hour)})

	dark := func(zone string) bool { return acct.LastingFault(cloud.FaultZoneOutage, zone, "") != nil }
	for _, at := range []time.Duration{0, time.Minute, 30 * time.Minute, time.Hour} {
		clk.AdvanceTo(start.Add(at))
		fmt.Println(clk.Now().Format("15:04"), "a dark:", dark("us-east-1a"), "b dark:", dark("us-east-1b"))
	}
	fmt.Println(acct.Events()[0])
	// Output:
	// 09:00 a dark: false b dark: false
	// 09:01 a dark: true b dark: false
	// 09:30 a dark: true b dark: false
	// 10:00 a dark: false b dark: false
	// 2026-03-02T09:01:00.000Z ec2    Fault us-east-1a fault=ZoneOutage rule=az-a-down until=2026-03-02T10:00:00.000Z
}
