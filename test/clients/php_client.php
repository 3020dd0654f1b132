<?php
// DeleteChatSessions through PHP's SoapClient, the way an integrator writes it: a client generated
// from the served WSDL, SoapHeader objects for the token and the ticket, ids as the ArrayOfint.
//
// usage: php php_client.php WSDL_URL soap11|soap12   (token and ticket from SO_APP_TOKEN / SO_TICKET)
// The SOAP version is the only knob: 'soap12' is what an integrator tries after reading the
// documentation example (a SOAP 1.2 envelope). Prints one JSON line: what the client saw.
$wsdl = $argv[1];
$soapVersion = ($argv[2] ?? 'soap11') === 'soap12' ? SOAP_1_2 : SOAP_1_1;
$ns = 'http://www.superoffice.net/ws/crm/NetServer/Services86';
try {
    $client = new SoapClient($wsdl, ['soap_version' => $soapVersion, 'exceptions' => true, 'cache_wsdl' => WSDL_CACHE_NONE]);
    $client->__setSoapHeaders([
        new SoapHeader($ns, 'ApplicationToken', getenv('SO_APP_TOKEN')),
        new SoapHeader($ns, 'Credentials', ['Ticket' => getenv('SO_TICKET')]),
    ]);
    $out = [];
    $client->__soapCall('DeleteChatSessions', [['Ids' => ['int' => [1, 2, 3]]]], null, null, $out);
    $info = $out['ExceptionInfo'] ?? null;
    $result = ['outcome' => 'response', 'succeeded' => $out['Succeeded'] ?? null];
    if (is_object($info) && isset($info->ExceptionType)) $result['exceptionType'] = $info->ExceptionType;
    echo json_encode($result), "\n";
} catch (SoapFault $f) {
    // PHP reports an HTTP-level refusal (415, 413) as a SoapFault with faultcode "HTTP".
    echo json_encode(['outcome' => $f->faultcode === 'HTTP' ? 'error' : 'fault', 'faultcode' => $f->faultcode, 'faultstring' => $f->getMessage()]), "\n";
}
