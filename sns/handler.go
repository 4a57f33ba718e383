package sns

import (
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strings"
)

// Handler returns an http.Handler that serves the URLs SNS puts in the
// messages it delivers, so that endpoint code which follows them can be
// tested: the SubscribeURL (GET ?Action=ConfirmSubscription&TopicArn=…&Token=…),
// the UnsubscribeURL (GET ?Action=Unsubscribe&SubscriptionArn=…) and the
// SigningCertURL (the PEM of [SigningCertificate]). Route requests for
// https://sns.<region>.amazonaws.com/ to it, for example with an
// http.Client whose Transport sends them there.
//
// A confirmation through the SubscribeURL is unauthenticated: the
// subscription's ConfirmationWasAuthenticated stays "false". An unsubscribe
// through the UnsubscribeURL is refused (AuthorizationError, 403) for a
// subscription confirmed with AuthenticateOnUnsubscribe.
func (s *Service) Handler() http.Handler {
	return http.HandlerFunc(s.serveHTTP)
}

func (s *Service) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if strings.HasPrefix(r.URL.Path, "/SimpleNotificationService-") && strings.HasSuffix(r.URL.Path, ".pem") {
		if "https://sns."+s.region+".amazonaws.com"+r.URL.Path != signingCertURL(s.region) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/x-pem-file")
		_, _ = w.Write(SigningCertificatePEM())
		return
	}
	q := r.URL.Query()
	switch action := q.Get("Action"); action {
	case "ConfirmSubscription":
		arn, err := s.confirm(q.Get("TopicArn"), q.Get("Token"), false, false)
		if err != nil {
			writeXMLError(w, err)
			return
		}
		writeXML(w, action, "<SubscriptionArn>"+xmlText(arn)+"</SubscriptionArn>")
	case "Unsubscribe":
		if err := s.unsubscribe(q.Get("SubscriptionArn"), false); err != nil {
			writeXMLError(w, err)
			return
		}
		writeXML(w, action, "")
	default:
		writeXMLError(w, ErrInvalidParameterException.With("Invalid parameter: Action"))
	}
}

// writeXML writes a Query API response: <ActionResponse> with result,
// already XML, in <ActionResult>.
func writeXML(w http.ResponseWriter, action, result string) {
	w.Header().Set("Content-Type", "text/xml")
	_, _ = io.WriteString(w, `<`+action+`Response xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><`+action+`Result>`+
		result+`</`+action+`Result></`+action+`Response>`)
}

// xmlText escapes s for an XML element.
func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// writeXMLError writes a Query API error response with the error's status.
func writeXMLError(w http.ResponseWriter, err error) {
	var e *Error
	if !errors.As(err, &e) {
		e = &Error{Code: "InternalError", Message: err.Error(), StatusCode: http.StatusInternalServerError}
	}
	type errorBody struct {
		Type    string
		Code    string
		Message string
	}
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(e.StatusCode)
	_ = xml.NewEncoder(w).Encode(struct {
		XMLName xml.Name `xml:"ErrorResponse"`
		Error   errorBody
	}{Error: errorBody{Type: "Sender", Code: e.Code, Message: e.Message}})
}
