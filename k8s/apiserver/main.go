// federa-crd-apiserver: Kubernetes' own CRD API server (k8s.io/apiextensions-apiserver) made usable
// WITHOUT a core kube-apiserver, for Federa's run and test commands (scripts/k8s-up.sh builds it in
// GOPATH mode against Debian's golang-k8s-* packages; nothing is fetched).
//
// It serves CustomResourceDefinitions and custom resources with real OpenAPI schema validation,
// watches, resourceVersion conflicts and the /status subresource. It serves no core API (no Pods,
// Namespaces, RBAC) and runs no controllers.
//
// What differs from upstream's k8s.io/apiextensions-apiserver/main.go:
//   - no core API server: CoreAPI options are nil and a fake core clientset backs the shared
//     informers (upstream exits without --kubeconfig, and /readyz never passes on informer sync);
//   - admission plugins and API priority-and-fairness are off (both need a core API server);
//   - authentication/authorization delegation kubeconfigs are optional: clients authenticate with a
//     client certificate signed by --client-ca-file, or with a bearer token from --token-auth-file
//     (the kube-apiserver's static token CSV: token,user,uid,"group1,group2"); the group
//     system:masters is allowed everything, everyone else is refused (403);
//   - /apis discovery and the OpenAPI v2 config are on, so kubectl finds the resources and CRD
//     schemas are published (kubectl explain, client-side validation).
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"k8s.io/apiextensions-apiserver/pkg/apiserver"
	"k8s.io/apiextensions-apiserver/pkg/cmd/server/options"
	generatedopenapi "k8s.io/apiextensions-apiserver/pkg/generated/openapi"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/authentication/request/bearertoken"
	"k8s.io/apiserver/pkg/authentication/request/union"
	"k8s.io/apiserver/pkg/authentication/token/tokenfile"
	openapinamer "k8s.io/apiserver/pkg/endpoints/openapi"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/util/openapi"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/component-base/cli"
)

func main() {
	ctx := genericapiserver.SetupSignalContext()
	o := options.NewCustomResourceDefinitionsServerOptions(os.Stdout, os.Stderr)
	ro := o.RecommendedOptions
	ro.CoreAPI = nil
	ro.Admission = nil
	ro.Features.EnablePriorityAndFairness = false
	ro.Authentication.RemoteKubeConfigFileOptional = true
	ro.Authentication.SkipInClusterLookup = true
	ro.Authorization.RemoteKubeConfigFileOptional = true
	ro.ExtraAdmissionInitializers = func(c *genericapiserver.RecommendedConfig) ([]admission.PluginInitializer, error) {
		c.SharedInformerFactory = informers.NewSharedInformerFactory(fake.NewSimpleClientset(), 0)
		return nil, nil
	}
	var tokenAuthFile string
	cmd := &cobra.Command{
		Use:   "federa-crd-apiserver",
		Short: "Kubernetes CRD API server without a core API server (Federa's tests and demo)",
		PersistentPreRunE: func(*cobra.Command, []string) error {
			return o.ServerRunOptions.ComponentGlobalsRegistry.Set()
		},
		RunE: func(c *cobra.Command, args []string) error {
			if err := o.Complete(); err != nil {
				return err
			}
			if err := o.Validate(); err != nil {
				return err
			}
			config, err := o.Config()
			if err != nil {
				return err
			}
			if tokenAuthFile != "" {
				tokens, err := tokenfile.NewCSV(tokenAuthFile)
				if err != nil {
					return fmt.Errorf("--token-auth-file: %w", err)
				}
				// bearer tokens first: the delegating authenticator ends in "anonymous", which
				// would accept every request before a token was looked at
				auth := &config.GenericConfig.Authentication
				auth.Authenticator = union.New(bearertoken.New(tokens), auth.Authenticator)
			}
			// upstream sets only OpenAPIV3Config; without the v2 config the CRD OpenAPI controllers
			// (v2 and v3) never start and kubectl cannot find CRD schemas
			config.GenericConfig.OpenAPIConfig = genericapiserver.DefaultOpenAPIConfig(
				openapi.GetOpenAPIDefinitionsWithoutDisabledFeatures(generatedopenapi.GetOpenAPIDefinitions),
				openapinamer.NewDefinitionNamer(apiserver.Scheme, scheme.Scheme))
			cc := config.Complete()
			cc.GenericConfig.EnableDiscovery = true
			server, err := cc.New(genericapiserver.NewEmptyDelegate())
			if err != nil {
				return err
			}
			return server.GenericAPIServer.PrepareRun().RunWithContext(c.Context())
		},
	}
	cmd.SetContext(ctx)
	o.AddFlags(cmd.Flags())
	cmd.Flags().StringVar(&tokenAuthFile, "token-auth-file", "",
		"static bearer tokens (CSV: token,user,uid,\"group1,group2\"), as kube-apiserver's flag of that name")
	os.Exit(cli.Run(cmd))
}
