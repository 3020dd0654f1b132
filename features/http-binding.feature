@HTTP
Feature: The HTTP binding: Content-Type and the action
  SOAP 1.1 over HTTP (the WSDL's binding) sends `Content-Type: text/xml; charset=utf-8` and the
  operation's action in a quoted `SOAPAction` header. SOAP 1.2 (the `soap12` profile) sends
  `application/soap+xml` with the action as a media type parameter. WCF's BasicHttpBinding answers a
  SOAP 1.2 media type with HTTP 415, and an action it does not know with an ActionNotSupported Fault.

  @HTTP-002 @HTTP-003 @HTTP-004 @HTTP-005
  Scenario: SOAP 1.1: text/xml with charset and a quoted SOAPAction are accepted
    Given the "wsdl" profile
    And a conformant DeleteChatSessions request
    Then the request conforms
    And the request's Content-Type is "text/xml; charset=utf-8"
    And the request's SOAPAction header is the binding's soapAction, quoted
    When the request is sent to the target
    Then the call succeeded
    And the response media type is "text/xml"

  @HTTP-002 @HTTP-006
  Scenario: SOAP 1.2: the action travels in the Content-Type action parameter
    Given the "soap12" profile
    And a conformant DeleteChatSessions request
    Then the request conforms
    And the request's Content-Type carries the binding's soapAction as its action parameter
    When the request is sent to the target
    Then the call succeeded
    And the response media type is "application/soap+xml"

  @HTTP-005
  Scenario: An unquoted SOAPAction is reported
    Given the "wsdl" profile
    And a conformant DeleteChatSessions request
    And the SOAPAction header is not quoted
    Then the request violates HTTP-005

  @HTTP-004
  Scenario Outline: A SOAPAction that is <case> is refused with an ActionNotSupported Fault
    Given the "wsdl" profile
    And a conformant DeleteChatSessions request
    And <action step>
    Then the request violates HTTP-004
    When the request is sent to the target
    Then the response status is 500
    And the call is reported as a SOAP Fault
    And the response is a SOAP "1.1" Fault with code ActionNotSupported in WCF's addressing namespace
    And the response conforms

    Examples:
      | case              | action step                                      |
      | another action    | the SOAPAction header is "urn:example:NotAnAction" |
      | missing           | the request has no SOAPAction header              |

  @HTTP-002
  Scenario: A SOAP 1.2 content type sent to the SOAP 1.1 endpoint gets HTTP 415
    Given the "wsdl" profile
    And a conformant DeleteChatSessions request
    And the Content-Type is "application/soap+xml; charset=utf-8"
    Then the request violates HTTP-002
    When the request is sent to the target
    Then the response status is 415
    And the response body is empty
    And the call is reported as an HTTP error without a SOAP envelope

  @HTTP-002
  Scenario Outline: Content-Type <content type> is not the SOAP 1.1 media type
    Given the "wsdl" profile
    And a conformant DeleteChatSessions request
    And the Content-Type is "<content type>"
    Then the request violates HTTP-002

    Examples:
      | content type                     |
      | application/xml; charset=utf-8   |
      | text/plain; charset=utf-8        |

  @HTTP-003
  Scenario: A charset other than UTF-8 or UTF-16 is refused
    Given the "wsdl" profile
    And a conformant DeleteChatSessions request
    And the Content-Type is "text/xml; charset=iso-8859-1"
    Then the request violates HTTP-003

  @HTTP-006
  Scenario: SOAP 1.2 with another action is refused by the gateway with a SOAP 1.2 Fault
    Given the "soap12" profile
    And a conformant DeleteChatSessions request
    And the action parameter of the Content-Type is "urn:example:NotAnAction"
    Then the request violates HTTP-006
    When the request is sent to the target
    Then the response status is 500
    And the call is reported as a SOAP Fault
    And the response is a SOAP "1.2" Fault with code ActionNotSupported in WCF's addressing namespace

  @HTTP-001
  Scenario: The request must be a POST
    Given a conformant DeleteChatSessions request
    And the request is sent with the HTTP method "GET"
    Then the request violates HTTP-001
    And the request violates nothing but HTTP-001

  @HTTP-008
  Scenario: A Content-Length that is not the length of the body is refused
    Given a conformant DeleteChatSessions request
    And the request's Content-Length header says 10 bytes
    Then the request violates HTTP-008

  @HTTP-009
  Scenario: A captured HTTP message with a broken header section is reported, not crashed on
    Given a conformant DeleteChatSessions request
    And the request is a captured HTTP message with a header line that has no colon
    Then the request violates HTTP-009

  @HTTP-007
  Scenario Outline: The status code must match the body: <case>
    Given the "wsdl" profile
    And <response>
    When the response is checked
    Then the response violates HTTP-007

    Examples:
      | case                  | response                                        |
      | a Fault with HTTP 200 | a SOAP 1.1 Fault response sent with HTTP status 200 |
      | a success with 500    | a success response sent with HTTP status 500        |
