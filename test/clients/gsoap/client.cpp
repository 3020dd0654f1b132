// The gSOAP row of the real-client matrix: wsdl2h + soapcpp2 -j (C++ proxy) from serve's ?wsdl,
// compiled against libgsoap++. Variants:
//   default  the generated proxy as is, headers via soap->header: gSOAP speaks SOAP 1.2 (the
//            generated namespace table lists the SOAP 1.2 envelope first)
//   soap11   the fix in code: the namespace table with the SOAP 1.1 URIs first (each entry's second
//            column), set on the proxy before the call; at build time `soapcpp2 -1` does the same
// Usage: client <endpoint url> <variant>; token and ticket from SO_APP_TOKEN / SO_TICKET.
// Prints one JSON line.
#include "soapBasicHttpBinding_USCORECustomerServiceProxy.h"
#include "BasicHttpBinding_USCORECustomerService.nsmap"
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

static std::string js(const char *s) {
  if (!s) return "null";
  std::string out = "\"";
  for (const char *p = s; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c == '"' || c == '\\') { out += '\\'; out += (char)c; }
    else if (c < 0x20 || c > 0x7e) { char b[8]; snprintf(b, sizeof b, "\\u%04x", c); out += b; }
    else out += (char)c;
  }
  return out + "\"";
}

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: client URL default|soap11\n"); return 2; }
  const char *token = getenv("SO_APP_TOKEN"), *ticket = getenv("SO_TICKET");
  BasicHttpBinding_USCORECustomerServiceProxy proxy(argv[1]);
  if (!strcmp(argv[2], "soap11")) {
    for (struct Namespace *n = namespaces; n->id; n++)
      if (!strcmp(n->id, "SOAP-ENV") || !strcmp(n->id, "SOAP-ENC")) { const char *t = n->ns; n->ns = n->in; n->in = t; }
    soap_set_namespaces(proxy.soap, namespaces);
  }
  std::string tok = token ? token : "", tic = ticket ? ticket : "";
  ns1__SoCredentials creds;
  creds.Ticket = &tic;
  proxy.soap_header(&tok, &creds, NULL, NULL, NULL, NULL);
  arr__ArrayOfint ids;
  ids.int_.push_back(1); ids.int_.push_back(2); ids.int_.push_back(3);
  _ns1__DeleteChatSessions req;
  req.Ids = &ids;
  _ns1__DeleteChatSessionsResponse res;
  int rc = proxy.DeleteChatSessions(&req, res);
  if (rc == SOAP_OK) {
    const bool *ok = proxy.soap->header ? proxy.soap->header->ns1__Succeeded : NULL;
    printf("{\"outcome\":\"response\",\"succeeded\":%s}\n", ok ? (*ok ? "true" : "false") : "null");
  } else if (proxy.soap->error >= 100 && proxy.soap->error < 600 && proxy.soap->error != SOAP_FAULT) {
    // An HTTP status without a SOAP Fault (415, ...): gSOAP reports the status as the error code.
    printf("{\"outcome\":\"error\",\"status\":%d}\n", proxy.soap->error);
  } else {
    const char *code = soap_fault_subcode(proxy.soap) ? soap_fault_subcode(proxy.soap) : *soap_faultcode(proxy.soap);
    printf("{\"outcome\":\"%s\",\"faultcode\":%s,\"faultstring\":%s}\n", proxy.soap->error == SOAP_FAULT ? "fault" : "error", js(code).c_str(), js(*soap_faultstring(proxy.soap)).c_str());
  }
  proxy.destroy();
  return 0;
}
