@documentation
Feature: The documentation example, read from the docs page itself, is not conformant
  The request example on the "Services86 CustomerService DeleteChatSessions SOAP" page (vendored in
  contract/docs/) uses the SOAP 1.2 envelope namespace, although the WSDL binds SOAP 1.1, and puts
  ApplicationToken and Credentials directly under Envelope with no Header at all. Integrators who
  copied it get told here, rule by rule, what to change; the corrected form is then answered like
  any conformant request. The scenarios read the ```xml blocks from the page at run time, so an
  updated page is checked as it is.

  Scenario Outline: The documentation's request example under the <profile> profile breaks <rules>
    Given the request example from the documentation page
    When it is checked under the "<profile>" profile
    Then it violates exactly <rules>
    And the violation of HDR-001 is located at "Envelope › Credentials"
    And in the request, "/<env>:Envelope/<env>:Header" selects nothing

    @ENV-001 @HDR-001
    Examples: the WSDL's SOAP 1.1 binding
      | profile | rules                   | env |
      | wsdl    | ENV-001, HDR-001 ×2     | s12 |

    @HDR-001
    Examples: SOAP 1.2, as a re-binding gateway would take it
      | profile | rules       | env |
      | soap12  | HDR-001 ×2  | s12 |

  @RSP-003
  Scenario Outline: The documentation's response example lacks the four response headers under <profile>
    Given the response example from the documentation page
    When it is checked under the "<profile>" profile
    Then it violates exactly <rules>

    Examples:
      | profile | rules               |
      | wsdl    | ENV-001, RSP-003 ×4 |
      | soap12  | RSP-003 ×4          |

  @ENV-001 @HDR-001
  Scenario Outline: The corrected documentation example conforms under <profile> and is answered with success
    Given the request example from the documentation page, corrected for the "<profile>" profile
    Then the request conforms
    And in the request, "/<env>:Envelope/<env>:Header" exists
    And in the request Header, "so:Credentials/so:Ticket" exists
    And in the request Body, "so:DeleteChatSessions/so:Ids/arr:int/@xsi:type" is "xsd:int"
    When the request is sent to the target
    Then the call succeeded

    Examples:
      | profile | env |
      | wsdl    | s11 |
      | soap12  | s12 |
