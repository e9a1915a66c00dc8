package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/** An application the workspace serves (Coder's coder_app), shown in the console. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AgentApp {
  @Required
  private String slug;
  private String displayName;
  private String url;

  public String getSlug() { return slug; }
  public void setSlug(String slug) { this.slug = slug; }
  public String getDisplayName() { return displayName; }
  public void setDisplayName(String displayName) { this.displayName = displayName; }
  public String getUrl() { return url; }
  public void setUrl(String url) { this.url = url; }
}
