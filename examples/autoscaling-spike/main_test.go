package main

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/awssim/awssim/internal/golden"
)

// TestDayIsIdenticalOnEveryRun runs the story twice and compares both
// tables with the golden one and both plots with each other: same seed,
// same calls, same clock moves, same output, byte for byte.
func TestDayIsIdenticalOnEveryRun(t *testing.T) {
	dir := t.TempDir()
	var tables [2]bytes.Buffer
	var plots [2][]byte
	for i := range 2 {
		path := filepath.Join(dir, "spike.svg")
		if err := run(&tables[i], path); err != nil {
			t.Fatal(err)
		}
		svg, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("the plot was not written: %v", err)
		}
		plots[i] = svg
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(tables[0].Bytes(), tables[1].Bytes()) {
		t.Fatalf("two runs' tables differ:\n%s\n---\n%s", tables[0].String(), tables[1].String())
	}
	if !bytes.Equal(plots[0], plots[1]) {
		t.Fatal("two runs' plots differ")
	}
	golden.Check(t, "table.golden", tables[0].Bytes())
	checkPlot(t, plots[0])
}

// checkPlot checks that svg is an SVG document with the plot's five
// lines, a point for each minute of the day: the load, and the
// instances and the latency of each run.
func checkPlot(t *testing.T, svg []byte) {
	t.Helper()
	var doc struct {
		XMLName   xml.Name
		Polylines []struct {
			Points string `xml:"points,attr"`
		} `xml:"polyline"`
	}
	if err := xml.Unmarshal(svg, &doc); err != nil {
		t.Fatalf("the plot is not XML: %v", err)
	}
	if doc.XMLName.Local != "svg" || doc.XMLName.Space != "http://www.w3.org/2000/svg" {
		t.Fatalf("the plot's root is %v, not an SVG document", doc.XMLName)
	}
	if len(doc.Polylines) != 5 {
		t.Fatalf("the plot has %d lines, want 5", len(doc.Polylines))
	}
	for i, p := range doc.Polylines {
		if n := len(strings.Fields(p.Points)); n != minutes {
			t.Errorf("line %d has %d points, want one a minute (%d)", i, n, minutes)
		}
	}
}
