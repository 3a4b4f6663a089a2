/**
 * Teams (the tenants) and who belongs to them. {@link io.federa.tenancy.TeamDirectory} is the one
 * place that answers "may this user act for this team?". Memberships follow the identity provider's
 * groups: they are brought in line at every login.
 */
@NullMarked
package io.federa.tenancy;

import org.jspecify.annotations.NullMarked;
