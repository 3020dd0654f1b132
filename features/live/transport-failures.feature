@live @emulated
Feature: Live transport failures are named
  The emulated tenant's fault-injection knobs stand in for a misbehaving tenant or network: each one
  must end the call with an error that names the cause, within the configured request timeout.

  Background:
    Given the live request timeout is 1500 ms

  @suite
  Scenario Outline: <knob> yields a "<kind>" failure
    Given the emulated tenant injects "<knob>"
    When the live suite asks the tenant for its system information, expecting a failure
    Then the live call fails with a "<kind>" error naming "<words>"
    And the failure came within the live request timeout

    Examples:
      | knob     | kind       | words                |
      | latency  | timeout    | timed out after 1500 |
      | html500  | http-error | HTML page            |
      | reset    | reset      | connection reset     |
      | truncate | truncated  | truncated            |
      | gzip     | gzip       | gzip                 |
