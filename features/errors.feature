@ERR
Feature: Errors: SOAP Faults by namespace, application errors by Succeeded
  The WSDL declares no `wsdl:fault`. Protocol errors come as SOAP Faults (HTTP 500), recognised by
  the namespace of the Fault element and of its code, never by the prefix or the text. Application
  errors (an invalid ticket, say) come as HTTP 200 with `Succeeded=false` and a filled
  `ExceptionInfo`: a client that only looks at the status code takes them for success.

  @ERR-001
  Scenario Outline: A SOAP 1.1 Fault is recognised by its namespace under the prefix "<prefix>"
    Given the "wsdl" profile
    And a SOAP 1.1 Fault response with code Client under the envelope prefix "<prefix>"
    When the response is checked
    Then the response is a SOAP Fault
    And the response conforms
    And the response is a SOAP "1.1" Fault with code Client in the SOAP 1.1 envelope namespace

    Examples:
      | prefix   |
      | s        |
      | soapenv  |
      | SOAP-ENV |

  @ERR-001
  Scenario Outline: A fault code is a QName: "<prefix>:ActionNotSupported" is WCF's code whatever the prefix
    Given the "wsdl" profile
    And a SOAP 1.1 Fault response with code ActionNotSupported in WCF's addressing namespace under the prefix "<prefix>"
    When the response is checked
    Then the response is a SOAP "1.1" Fault with code ActionNotSupported in WCF's addressing namespace

    Examples:
      | prefix |
      | a      |
      | wcf    |

  @RSP-001
  Scenario: An element called Fault in another namespace is not a SOAP Fault
    Given the "wsdl" profile
    And a response whose Body holds an element named Fault in namespace "urn:example:not-soap"
    When the response is checked
    Then the response is not a SOAP Fault
    And the response violates RSP-001

  @ERR-002
  Scenario: A SOAP 1.2 Fault has Code/Value and Reason/Text
    Given the "soap12" profile
    And a SOAP 1.2 Fault response with code Sender
    When the response is checked
    Then the response is a SOAP Fault
    And the response conforms
    And in the response Body, "s12:Fault/s12:Code/s12:Value" is "s:Sender"

  @ERR-003
  Scenario: An invalid ticket is an application error: HTTP 200, Succeeded=false, a filled ExceptionInfo
    Given a conformant DeleteChatSessions request
    And the request carries an invalid ticket
    When the request is sent to the target
    Then the response status is 200
    And the call is reported as an application error
    And "the call succeeded" fails, saying "application error"
    And in the response Header, "so:Succeeded" is "false"
    And in the response Header, "so:ExceptionInfo/so:Message" exists
    And the response conforms

  @HTTP-002 @RSP-001
  Scenario: An HTML error page is neither a response nor a Fault
    Given the "wsdl" profile
    And a conformant DeleteChatSessions request
    And the request carries a ticket the server fails on
    When the request is sent to the target
    Then the response status is 500
    And the response media type is "text/html"
    And the call is reported as an HTTP error without a SOAP envelope
    And "the call succeeded" fails, saying "not a SOAP response"
    And the response violates HTTP-002
