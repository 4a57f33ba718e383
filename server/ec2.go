package server

import (
	"context"
	"net/http"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/internal/awserr"
)

// ec2Version is the API version EC2's query requests carry.
const ec2Version = "2016-11-15"

// ec2Query is EC2's query protocol: its namespace and its error form.
var ec2Query = &queryService{namespace: "http://ec2.amazonaws.com/doc/2016-11-15/", ec2: true}

// ec2Actions are the EC2 actions served: the launch template ones, which
// Auto Scaling groups launch from.
var ec2Actions = map[string]bool{
	"CreateLaunchTemplate": true, "CreateLaunchTemplateVersion": true, "DescribeLaunchTemplates": true,
	"ModifyLaunchTemplate": true, "DeleteLaunchTemplate": true,
}

// ec2API routes EC2's query requests.
var ec2API = &queryAPI{name: "EC2", version: ec2Version, signingName: "ec2", actions: ec2Actions, form: ec2Query}

// Images finds what an instance launched from an Amazon Machine Image
// runs: the Backend, Worker and BootTime of a launch template's data,
// which no request can carry (they are Go values), for the ImageId of a
// launch template made over the wire. It returns nil for an image that
// runs nothing: its instances boot in the default time and serve no
// requests.
type Images func(imageID string) *autoscaling.LaunchTemplateData

// WithEC2 serves the launch templates of svc with the Amazon EC2
// protocol (the EC2 query protocol: a form-encoded POST with
// Action=Operation&Version=2016-11-15, answered in EC2's XML), as
// aws-sdk-go-v2, boto3 and the AWS CLI send it: CreateLaunchTemplate,
// CreateLaunchTemplateVersion, DescribeLaunchTemplates,
// ModifyLaunchTemplate and DeleteLaunchTemplate, so that a client makes
// the template its groups launch from. images gives the programs of the
// templates' images; with nil, instances of templates made over the wire
// run nothing. Give it once per account, as [WithSQS]. It panics when svc
// is nil or a service of the same account ID is given twice.
func WithEC2(svc *autoscaling.Service, images Images) Option {
	if svc == nil {
		panic("server.WithEC2: nil *autoscaling.Service")
	}
	return serve("WithEC2", service{name: "EC2", account: svc.Account(), install: func(a *account) {
		a.query[ec2API] = &ec2Handler{svc: svc, images: images}
	}})
}

// ec2Handler serves the launch templates of one autoscaling.Service over
// EC2's query protocol.
type ec2Handler struct {
	svc    *autoscaling.Service
	images Images
}

// serveQuery runs the action of a query request whose parameters are f.
func (h *ec2Handler) serveQuery(r *http.Request, rw *responseWriter, f *form) {
	serveAction(r, rw, f, ec2Query, h.run)
}

// ec2Result writes a 200 response of action with the members of its
// output as EC2 writes them: in <ActionResponse>, after the <requestId>,
// with no result element.
func (rw *responseWriter) ec2Result(action string, result []byte) {
	b := make([]byte, 0, len(result)+256)
	b = append(b, '<')
	b = append(b, action...)
	b = append(b, `Response xmlns="`...)
	b = append(b, ec2Query.namespace...)
	b = append(b, `"><requestId>`...)
	b = append(b, rw.id...)
	b = append(b, "</requestId>"...)
	b = append(b, result...)
	b = append(b, "</"...)
	b = append(b, action...)
	b = append(b, "Response>"...)
	rw.xml(b)
}

// ec2Error writes e as EC2 does: the status AWS sends and a <Response>
// with the error's code and message and the request ID.
func (rw *responseWriter) ec2Error(e *awserr.Error) {
	x := &xmlWriter{b: rw.buf[:0]}
	x.b = append(x.b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n<Response><Errors><Error>"...)
	x.text("Code", e.Code)
	x.text("Message", e.Message)
	x.b = append(x.b, "</Error></Errors>"...)
	x.text("RequestID", rw.id)
	x.close("Response")
	rw.header(contentTypeXML)
	rw.w.WriteHeader(e.StatusCode)
	rw.w.Write(x.b)
}

// launchTemplateData reads a RequestLaunchTemplateData at p and gives it
// the program of its image.
func (h *ec2Handler) launchTemplateData(f *form, p string) autoscaling.LaunchTemplateData {
	d := autoscaling.LaunchTemplateData{ImageId: f.get(p + "ImageId"), InstanceType: f.get(p + "InstanceType")}
	if h.images != nil && d.ImageId != "" {
		if prog := h.images(d.ImageId); prog != nil {
			d.Backend, d.Worker, d.BootTime = prog.Backend, prog.Worker, prog.BootTime
		}
	}
	return d
}

// run calls the service for one action and writes the members of its
// output, named as EC2 writes them.
func (h *ec2Handler) run(ctx context.Context, action string, f *form, x *xmlWriter) error {
	id, name := f.get("LaunchTemplateId"), f.get("LaunchTemplateName")
	switch action {
	case "CreateLaunchTemplate":
		out, err := h.svc.CreateLaunchTemplate(ctx, &autoscaling.CreateLaunchTemplateInput{
			LaunchTemplateName: name, VersionDescription: f.get("VersionDescription"),
			LaunchTemplateData: h.launchTemplateData(f, "LaunchTemplateData."),
		})
		if err != nil {
			return err
		}
		x.ec2LaunchTemplate("launchTemplate", &out.LaunchTemplate)
	case "CreateLaunchTemplateVersion":
		out, err := h.svc.CreateLaunchTemplateVersion(ctx, &autoscaling.CreateLaunchTemplateVersionInput{
			LaunchTemplateId: id, LaunchTemplateName: name, SourceVersion: f.get("SourceVersion"),
			VersionDescription: f.get("VersionDescription"), LaunchTemplateData: h.launchTemplateData(f, "LaunchTemplateData."),
		})
		if err != nil {
			return err
		}
		v := out.LaunchTemplateVersion
		x.open("launchTemplateVersion")
		x.timestamp("createTime", v.CreateTime)
		x.boolean("defaultVersion", v.DefaultVersion)
		x.open("launchTemplateData")
		x.optional("imageId", v.LaunchTemplateData.ImageId)
		x.optional("instanceType", v.LaunchTemplateData.InstanceType)
		x.close("launchTemplateData")
		x.text("launchTemplateId", v.LaunchTemplateId)
		x.text("launchTemplateName", v.LaunchTemplateName)
		x.optional("versionDescription", v.VersionDescription)
		x.integer("versionNumber", v.VersionNumber)
		x.close("launchTemplateVersion")
	case "DescribeLaunchTemplates":
		out, err := h.svc.DescribeLaunchTemplates(ctx, &autoscaling.DescribeLaunchTemplatesInput{
			LaunchTemplateIds: f.list("LaunchTemplateId."), LaunchTemplateNames: f.list("LaunchTemplateName."),
		})
		if err != nil {
			return err
		}
		x.open("launchTemplates")
		for _, t := range out.LaunchTemplates {
			x.ec2LaunchTemplate("item", &t)
		}
		x.close("launchTemplates")
	case "ModifyLaunchTemplate":
		out, err := h.svc.ModifyLaunchTemplate(ctx, &autoscaling.ModifyLaunchTemplateInput{
			LaunchTemplateId: id, LaunchTemplateName: name, DefaultVersion: f.get("SetDefaultVersion"),
		})
		if err != nil {
			return err
		}
		x.ec2LaunchTemplate("launchTemplate", &out.LaunchTemplate)
	case "DeleteLaunchTemplate":
		out, err := h.svc.DeleteLaunchTemplate(ctx, &autoscaling.DeleteLaunchTemplateInput{LaunchTemplateId: id, LaunchTemplateName: name})
		if err != nil {
			return err
		}
		x.ec2LaunchTemplate("launchTemplate", &out.LaunchTemplate)
	case "":
		return errMissingAction.With("The request must contain the parameter Action.")
	default:
		return errInvalidAction.With("The action %s is not valid for this web service.", action)
	}
	return nil
}

// ec2LaunchTemplate writes a LaunchTemplate as element.
func (x *xmlWriter) ec2LaunchTemplate(element string, t *autoscaling.LaunchTemplate) {
	x.open(element)
	x.timestamp("createTime", t.CreateTime)
	x.integer("defaultVersionNumber", t.DefaultVersionNumber)
	x.integer("latestVersionNumber", t.LatestVersionNumber)
	x.text("launchTemplateId", t.LaunchTemplateId)
	x.text("launchTemplateName", t.LaunchTemplateName)
	x.close(element)
}
