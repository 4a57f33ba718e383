package elb

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// healthNode is the address health checks and forwarded requests come
// from: a load balancer node in the VPC.
const healthNode = "10.0.0.10"

// checkJob is one target to health-check in a round, and what the check
// saw.
type checkJob struct {
	t       *target
	backend Backend
	fault   outcome // how the fault plan makes the connection fail, if it does
	v       verdict
}

// scheduleRound schedules the group's next round of health checks one
// interval from now, replacing any round already scheduled. s.mu must be
// held.
func (s *Service) scheduleRound(tg *targetGroup) {
	tg.round.Cancel()
	at := s.sched.Now().Add(time.Duration(tg.health.interval) * time.Second)
	tg.roundAt = at
	tg.round = s.sched.ScheduleAt(at, func() { s.runRound(tg, at) })
}

// runRound health-checks every registered target of tg that is not
// draining, once, and schedules the next round while the group is in
// use and has targets. Each check is independent: a slow answer does not
// move the schedule, as in AWS. Health checks run whether or not
// requests flow.
func (s *Service) runRound(tg *targetGroup, at time.Time) {
	s.mu.Lock()
	if !tg.roundAt.Equal(at) { // deleted, out of use, or rescheduled
		s.mu.Unlock()
		return
	}
	tg.roundAt = time.Time{}
	now := s.sched.Now()
	s.expireLocked(tg, now)
	if !tg.inUse() || len(tg.targets) == 0 {
		s.mu.Unlock()
		return
	}
	s.scheduleRound(tg)
	if !tg.health.enabled {
		s.mu.Unlock()
		return
	}
	jobs := tg.jobs[:0]
	for _, t := range tg.targets {
		if t.state != HealthDraining {
			j := checkJob{t: t, backend: t.backend()}
			j.fault = s.connectLocked(t, &j.backend)
			jobs = append(jobs, j)
		}
	}
	tg.jobs = jobs
	hc, lambdaTarget := tg.health, tg.targetType == TargetTypeLambda
	s.mu.Unlock()

	if lambdaTarget {
		for i := range jobs {
			jobs[i].v = hc.judge(s.probeFunction(tg, jobs[i].t.id, hc.path))
		}
	} else {
		s.probeBackends(hc, jobs)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	for _, j := range jobs {
		if j.t.state != HealthDraining && !j.t.gone {
			s.applyCheck(tg, j.t, j.v, now)
		}
	}
}

// probeBackends health-checks each job's backend with one request,
// reused from target to target: a handler must not keep it, as
// http.Handler's contract says. It is called without s.mu held.
func (s *Service) probeBackends(hc healthCheck, jobs []checkJob) {
	w := newRecorder()
	defer w.release()
	r := &http.Request{
		Method:     http.MethodGet,
		URL:        pathURL(hc.path),
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     http.Header{"User-Agent": {hc.agent}},
		Body:       http.NoBody,
		RemoteAddr: healthNode + ":40000",
		RequestURI: hc.path,
	}
	r = r.WithContext(w.context(context.Background()))
	for i := range jobs {
		j := &jobs[i]
		if j.fault == unreachable || j.fault == hung && hc.protocol != ProtocolTCP {
			// Faults of the plan: no connection, or no answer on it.
			j.v = hc.judge(probe{latency: never})
			continue
		}
		if hc.protocol == ProtocolTCP {
			// A TCP check opens a connection and sends nothing: it
			// passes when something listens.
			j.v = hc.judge(probe{failed: j.backend.Handler == nil})
			continue
		}
		port := j.t.port
		if hc.port != "traffic-port" {
			port, _ = strconv.Atoi(hc.port)
		}
		r.Host = j.t.id + ":" + itoa(port)
		clear(w.header)
		w.status, w.wrote, w.invalid, w.slot = 0, false, false, latencySlot{}
		w.body.Reset()
		o, latency := serve(j.backend, w, r)
		j.v = hc.judge(probe{status: w.status, latency: latency, failed: o != answered})
	}
}

// applyCheck moves t's health state by one check's verdict. s.mu must be
// held.
func (s *Service) applyCheck(tg *targetGroup, t *target, v verdict, now time.Time) {
	from := t.state
	t.checked = true
	if v.ok {
		t.fails = 0
		t.passes++
		if t.state == HealthInitial && t.passes >= tg.health.first || t.state == HealthUnhealthy && t.passes >= tg.health.healthy {
			s.becomeHealthy(tg, t, now)
		}
	} else {
		t.passes = 0
		t.fails++
		t.code = v.code
		switch {
		case t.state == HealthUnhealthy || t.fails >= tg.health.unhealthy:
			t.state, t.reason, t.slowEnd = HealthUnhealthy, v.reason, time.Time{}
		case t.state == HealthInitial:
			t.reason = ReasonInitialHealthChecking
		}
	}
	if t.state != from {
		s.recordLocked(now, EventHealthChanged, tg.name, t.String()+" "+from+" -> "+t.state+reasonSuffix(t))
	}
}

func reasonSuffix(t *target) string {
	if t.state == HealthHealthy {
		return ""
	}
	return " (" + t.reason + ")"
}

// becomeHealthy makes t healthy, in slow start when the group has slow
// start on and another healthy target that is not in it. s.mu must be
// held.
func (s *Service) becomeHealthy(tg *targetGroup, t *target, now time.Time) {
	t.state, t.reason, t.healthy, t.credit = HealthHealthy, "", now, 0
	d := tg.attrs.seconds("slow_start.duration_seconds")
	if d == 0 {
		return
	}
	for _, o := range tg.targets {
		if o != t && o.state == HealthHealthy && o.slowEnd.IsZero() {
			t.slowEnd = now.Add(d)
			return
		}
	}
}

// weight is t's share of traffic against a target out of slow start: it
// ramps linearly from 0 to 1 over the slow start.
func (tg *targetGroup) weight(t *target, now time.Time) float64 {
	if t.slowEnd.IsZero() || !now.Before(t.slowEnd) {
		return 1
	}
	d := tg.attrs.seconds("slow_start.duration_seconds")
	return max(float64(now.Sub(t.healthy))/float64(d), 0.01)
}
