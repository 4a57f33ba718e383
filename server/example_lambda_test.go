package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
)

// A client that creates its functions over the wire, as a deployment
// script does, names code the server cannot run; the FunctionCode given
// to WithLambda finds the Go handler that stands for it.
func ExampleFunctionCode() {
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	code := func(loc server.CodeLocation) *lambda.Code {
		if loc.String() != "s3://builds/ping.zip" {
			return nil // refused, as AWS refuses an S3 object that is not there
		}
		return &lambda.Code{Handler: func(context.Context, []byte) ([]byte, error) { return []byte(`"pong"`), nil }}
	}
	srv := server.New(server.WithLambda(lambda.New(lambda.WithClock(clk)), code))
	post := func(path, body string) {
		res, err := srv.Client().Post("http://awssim"+path, "application/json", bytes.NewBufferString(body))
		if err != nil {
			fmt.Println(err)
			return
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		switch {
		case res.StatusCode == http.StatusOK:
			fmt.Println(string(b))
		case res.Header.Get("X-Amzn-ErrorType") != "":
			fmt.Println(res.StatusCode, res.Header.Get("X-Amzn-ErrorType"))
		default:
			fmt.Println(res.StatusCode)
		}
	}
	post("/2015-03-31/functions", `{"FunctionName":"ping","Role":"arn:aws:iam::000000000000:role/ping","Code":{"S3Bucket":"builds","S3Key":"ping.zip"}}`)
	post("/2015-03-31/functions/ping/invocations", `{}`)
	post("/2015-03-31/functions", `{"FunctionName":"lost","Role":"arn:aws:iam::000000000000:role/lost","Code":{"S3Bucket":"builds","S3Key":"lost.zip"}}`)
	// Output:
	// 201
	// "pong"
	// 400 InvalidParameterValueException
}
