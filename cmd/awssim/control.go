package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/awssim/awssim/sim"
)

// defaultMaxEvents bounds /clock/run-until-idle when the request names no
// bound, so that a callback that reschedules itself cannot hold the
// request for ever.
const defaultMaxEvents = 10000

// clockState is the answer of the clock endpoints.
type clockState struct {
	Mode    string     `json:"mode"` // "virtual" or "real"
	Now     time.Time  `json:"now"`
	Pending int        `json:"pending"`        // scheduled events not yet run
	Next    *time.Time `json:"next,omitempty"` // due time of the earliest
	Blocked int        `json:"blocked"`        // long polls waiting on the clock
}

// queueState is one queue in GET /_awssim/sqs/queues.
type queueState struct {
	URL           string `json:"url"`
	Name          string `json:"name"`
	Visible       int    `json:"visible"`
	InFlight      int    `json:"inFlight"`
	Delayed       int    `json:"delayed"`
	Waiting       int    `json:"waiting"`
	Sent          int    `json:"sent"`
	Received      int    `json:"received"`
	Deleted       int    `json:"deleted"`
	MovedToDLQ    int    `json:"movedToDLQ"`
	EmptyReceives int    `json:"emptyReceives"`
	OldestAge     string `json:"oldestAge"`
}

// errRealClock answers the endpoints that move a clock nobody can move.
var errRealClock = errors.New("the server runs on the real clock (-real): time cannot be moved")

// httpError is an error with the status it is answered with.
type httpError struct {
	status int
	err    error
}

func (e *httpError) Error() string { return e.err.Error() }

func badRequest(format string, args ...any) error {
	return &httpError{http.StatusBadRequest, fmt.Errorf(format, args...)}
}

// control serves the control API.
func (a *app) control(w http.ResponseWriter, r *http.Request) {
	route := strings.TrimPrefix(r.URL.Path, controlPrefix)
	var (
		v   any
		err error
	)
	switch route {
	case "clock":
		if err = method(r, http.MethodGet); err == nil {
			v = state(a.current())
		}
	case "clock/advance", "clock/advance-to", "clock/next", "clock/run-until-idle":
		if err = method(r, http.MethodPost); err == nil {
			v, err = a.moveClock(r, path.Base(route))
		}
	case "sqs/queues":
		if err = method(r, http.MethodGet); err == nil {
			v = queues(a.current())
		}
	case "reset":
		if err = method(r, http.MethodPost); err == nil {
			a.drive.Lock()
			v = state(a.reset())
			a.drive.Unlock()
		}
	default:
		err = &httpError{http.StatusNotFound, fmt.Errorf("no control endpoint %s", r.URL.Path)}
	}
	if err != nil {
		status := http.StatusInternalServerError
		var he *httpError
		if errors.As(err, &he) {
			status = he.status
		}
		writeJSON(w, status, map[string]string{"error": err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func method(r *http.Request, want string) error {
	if r.Method != want {
		return &httpError{http.StatusMethodNotAllowed, fmt.Errorf("%s takes %s, not %s", r.URL.Path, want, r.Method)}
	}
	return nil
}

// moveClock serves the endpoints that move the virtual clock.
func (a *app) moveClock(r *http.Request, op string) (any, error) {
	var in struct {
		Duration string `json:"duration"`
		Time     string `json:"time"`
		Max      int    `json:"max"`
	}
	if err := readJSON(r, &in); err != nil {
		return nil, err
	}
	q := r.URL.Query()
	if q.Has("by") {
		in.Duration = q.Get("by")
	}
	if q.Has("time") {
		in.Time = q.Get("time")
	}
	if q.Has("max") {
		n, err := strconv.Atoi(q.Get("max"))
		if err != nil {
			return nil, badRequest("max: %v", err)
		}
		in.Max = n
	}

	a.drive.Lock()
	defer a.drive.Unlock()
	w := a.current()
	c := w.virtual
	if c == nil {
		return nil, &httpError{http.StatusConflict, errRealClock}
	}
	switch op {
	case "advance":
		d, err := time.ParseDuration(in.Duration)
		if err != nil {
			return nil, badRequest("duration (a Go duration such as 30s or 5m): %v", err)
		}
		if d < 0 {
			return nil, badRequest("duration %s is negative: virtual time never goes back", d)
		}
		c.Advance(d)
	case "advance-to":
		t, err := time.Parse(time.RFC3339Nano, in.Time)
		if err != nil {
			return nil, badRequest("time (RFC 3339): %v", err)
		}
		if now := c.Now(); t.Before(now) {
			return nil, badRequest("time %s is before now (%s): virtual time never goes back", t.Format(time.RFC3339Nano), now.Format(time.RFC3339Nano))
		}
		c.AdvanceTo(t)
	case "next":
		// AdvanceTo rather than Step, so that every event due at that
		// instant runs, as an Advance to it would.
		t, ok := c.Next()
		if ok {
			if now := c.Now(); t.Before(now) {
				t = now
			}
			c.AdvanceTo(t)
		}
		return struct {
			Advanced bool `json:"advanced"`
			clockState
		}{ok, state(w)}, nil
	case "run-until-idle":
		if in.Max == 0 {
			in.Max = defaultMaxEvents
		}
		if in.Max < 0 {
			return nil, badRequest("max %d is negative", in.Max)
		}
		n, err := c.RunUntilIdle(in.Max)
		return struct {
			Ran  int  `json:"ran"`
			Idle bool `json:"idle"`
			clockState
		}{n, !errors.Is(err, sim.ErrNotIdle), state(w)}, nil
	}
	return state(w), nil
}

// readJSON decodes a request's JSON body into v; an empty body leaves v
// as it is, so that parameters may come in the query string instead.
func readJSON(r *http.Request, v any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err != nil {
		return badRequest("reading the body: %v", err)
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		return badRequest("the body is not the JSON expected: %v", err)
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// state reads a world's clock.
func state(w *world) clockState {
	s := clockState{Mode: "real", Now: w.clock.Now()}
	if c := w.virtual; c != nil {
		s.Mode = "virtual"
		s.Pending, s.Blocked = c.Pending(), c.Blocked()
		if t, ok := c.Next(); ok {
			s.Next = &t
		}
	}
	return s
}

// queues reads every queue's counters through the sqs Inspector.
func queues(w *world) any {
	ins := w.sqs.Inspect()
	out := []queueState{}
	for _, url := range ins.Queues() {
		st, ok := ins.Stats(url)
		if !ok {
			continue // deleted since Queues
		}
		out = append(out, queueState{
			URL: url, Name: path.Base(url),
			Visible: st.Visible, InFlight: st.InFlight, Delayed: st.Delayed,
			Waiting: st.Waiting, Sent: st.Sent, Received: st.Received,
			Deleted: st.Deleted, MovedToDLQ: st.MovedToDLQ,
			EmptyReceives: st.EmptyReceives, OldestAge: st.OldestAge.String(),
		})
	}
	return struct {
		Queues []queueState `json:"queues"`
	}{out}
}
