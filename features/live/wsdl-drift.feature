@live
Feature: Live tenant: WSDL drift
  The DeleteChatSessions slice of the tenant's CustomerService.svc?wsdl and ?singleWsdl (operation,
  soapAction, messages, header parts, the types of the request, response, ArrayOfint and headers) is
  compared with the vendored WSDL; each difference is a named finding.

  @suite
  Scenario: The tenant's WSDL matches the vendored contract
    When the live suite checks the tenant's CustomerService WSDL for drift
    Then the DeleteChatSessions slice of the live WSDL matches the vendored WSDL

  @emulated @suite
  Scenario Outline: A drifted WSDL produces the named finding <finding>
    Given the emulated tenant serves a CustomerService WSDL where "<alteration>"
    When the live suite checks the tenant's CustomerService WSDL for drift
    Then the drift check reports "<finding>"

    Examples:
      | alteration                      | finding                 |
      | ArrayOfint items are long       | DRIFT-TYPE-ARRAYOFINT   |
      | soapAction changed              | DRIFT-SOAPACTION        |
      | TimeZone request header removed | DRIFT-REQUEST-HEADERS   |
      | operation removed               | DRIFT-OPERATION-MISSING |
