// The KDSoap row of the real-client matrix: kdwsdl2cpp (header, then -impl) from serve's ?wsdl,
// compiled against libkdsoap and Qt 5. Headers with the generated setApplicationTokenHeader and
// setCredentialsHeader. Usage: client <endpoint url> default; token and ticket from SO_APP_TOKEN /
// SO_TICKET. Prints one JSON line.
#include "cs.h"
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

int main(int argc, char **argv) {
  QCoreApplication app(argc, argv);
  if (argc < 3) { fprintf(stderr, "usage: client URL default\n"); return 2; }
  WcfCustomerServiceService service;
  service.setEndPoint(QString::fromUtf8(argv[1]));
  service.setApplicationTokenHeader(qEnvironmentVariable("SO_APP_TOKEN"));
  TNS__SoCredentials creds;
  creds.setTicket(qEnvironmentVariable("SO_TICKET"));
  service.setCredentialsHeader(creds);
  Q1__ArrayOfint ids;
  ids.setInt(QList<int>() << 1 << 2 << 3);
  TNS__DeleteChatSessions req;
  req.setIds(ids);
  service.deleteChatSessions(req);
  QJsonObject out;
  if (service.lastErrorCode() == 0 && service.lastError().isEmpty()) {
    out["outcome"] = "response";
    // KDSoap keeps the reply's headers on the client interface.
    QString succeeded;
    for (const KDSoapMessage &h : service.clientInterface()->lastResponseHeaders())
      if (h.name() == QLatin1String("Succeeded")) succeeded = h.value().toString();
    out["succeeded"] = succeeded.isEmpty() ? QJsonValue() : QJsonValue(succeeded == QLatin1String("true"));
  } else {
    out["outcome"] = service.lastFaultCode().isEmpty() ? "error" : "fault";
    out["faultcode"] = service.lastFaultCode();
    out["faultstring"] = service.lastError();
  }
  printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
  return 0;
}
