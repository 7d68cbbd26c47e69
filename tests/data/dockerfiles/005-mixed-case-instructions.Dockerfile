FrOm debian:12
RuN echo hi
WorkDir /tmp
EnTrYpOiNt ["sh"]
