@clients
Feature: Real SOAP clients against the validating reference server
  Integrators rarely write envelopes by hand: they generate a client from the WSDL. These scenarios
  point real SOAP clients, generated from the WSDL that `so-conformance serve` publishes at `?wsdl`,
  at the server and call DeleteChatSessions with ids 1, 2, 3, an ApplicationToken and a
  Credentials/Ticket header. The server judges each request with the rule catalogue and answers like
  WCF would; each scenario states its verdict and the exact rules the client's output breaks.
  A client that is not installed fails the scenario with the package to install.

  Scenario Outline: <client>, <setup>: <answer>
    Given so-conformance serve is running with the "<profile>" profile
    When the "<row>" client of the real-client matrix calls DeleteChatSessions with ids 1, 2, 3, an ApplicationToken and a Ticket
    Then serve answered "<answer>" with HTTP <status>
    And the rules the request broke are "<errors>"
    And the client itself reported a "<seen>"

    # The rules these rows' requests break (a row that passes them all passes these too).
    @ENV-001 @ENV-007 @HTTP-002 @HTTP-004 @HDR-005 @IDS-003 @XML-002
    Examples: what an integrator writes first (the client's defaults)
      | row            | client                     | setup                              | profile | answer                 | status | errors                              | seen     |
      | zeep           | Python zeep                | defaults                           | wsdl    | success                | 200    |                                     | response |
      | php-soap11     | PHP SoapClient SOAP_1_1    | defaults                           | wsdl    | success                | 200    |                                     | response |
      | php-soap12     | PHP SoapClient SOAP_1_2    | soap_version SOAP_1_2              | wsdl    | unsupported-media-type | 415    | ENV-001, HTTP-002                   | error    |
      | soaplite-wsdl  | Perl SOAP::Lite            | stub from SOAP::Lite->service      | wsdl    | fault                  | 500    | XML-002                             | fault    |
      | soaplite-proxy | Perl SOAP::Lite            | hand-written call, defaults        | wsdl    | action-not-supported   | 500    | ENV-007, HDR-005, HTTP-004, IDS-003 | fault    |
      | node-soap      | node-soap                  | addSoapHeader with a plain object  | wsdl    | fault                  | 500    | HDR-005                             | fault    |
      | mono-plain     | .NET WCF client on Mono    | svcutil stub, no headers           | wsdl    | success                | 200    |                                     | response |
      | mono-headers   | .NET WCF client on Mono    | MessageHeader, DataContract no ns  | wsdl    | fault                  | 500    | HDR-005                             | fault    |
      | dotnet-msgcontract | .NET WCF client        | generated MessageContract          | wsdl    | success                | 200    |                                     | response |
      | dotnet-scope   | .NET WCF client            | MessageHeader, DataContract no ns  | wsdl    | fault                  | 500    | HDR-005                             | fault    |
      | gsoap          | gSOAP                      | generated proxy                    | wsdl    | unsupported-media-type | 415    | ENV-001, ENV-006, HTTP-002          | error    |
      | kdsoap         | KDSoap                     | generated interface                | wsdl    | success                | 200    |                                     | response |
      | jaxws-plain    | JAX-WS RI                  | wsimport stub, no headers          | wsdl    | success                | 200    |                                     | response |
      | jaxws-handler  | JAX-WS RI                  | SOAPHandler, Ticket unqualified    | wsdl    | fault                  | 500    | HDR-005                             | fault    |

    @ENV-001 @ENV-007 @HTTP-002 @HTTP-004 @HDR-005 @IDS-003 @XML-002
    Examples: with the setting or code that fixes it
      | row                | client                  | setup                                      | profile | answer  | status | errors | seen     |
      | php-soap12-fixed   | PHP SoapClient          | soap_version SOAP_1_1                      | wsdl    | success | 200    |        | response |
      | php-soap12-gateway | PHP SoapClient SOAP_1_2 | against serve --profile soap12             | soap12  | success | 200    |        | response |
      | soaplite-fixed     | Perl SOAP::Lite         | quoted soapAction, autotype(0), namespaces | wsdl    | success | 200    |        | response |
      | node-soap-fixed    | node-soap               | addSoapHeader with the service namespace   | wsdl    | success | 200    |        | response |
      | mono-fixed         | .NET WCF client on Mono | DataContract in the service namespace      | wsdl    | success | 200    |        | response |
      | dotnet-scope-fixed | .NET WCF client         | DataContract in the service namespace      | wsdl    | success | 200    |        | response |
      | gsoap-soap11       | gSOAP                   | SOAP 1.1 namespace table                   | wsdl    | success | 200    |        | response |
      | jaxws-handler-fixed | JAX-WS RI          | SOAPHandler, Ticket in the service ns      | wsdl    | success | 200    |        | response |
      | jaxws-headers      | JAX-WS RI               | wsimport -XadditionalHeaders               | wsdl    | success | 200    |        | response |
