package dev.kubicle.operator.robustness;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * Catches, while installed, every log event that says something failed where it must not: ERROR from anywhere,
 * and WARN with an exception from the informers (a handler or indexer that threw). Keeps the first few.
 */
final class ErrorLogTrap extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private static final int KEPT = 20;
  private final List<String> caught = new ArrayList<>();
  private final AtomicInteger count = new AtomicInteger();

  static ErrorLogTrap install() {
    ErrorLogTrap trap = new ErrorLogTrap();
    trap.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    trap.start();
    root().addAppender(trap);
    return trap;
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @Override
  protected void append(ILoggingEvent event) {
    boolean error = event.getLevel().isGreaterOrEqual(Level.ERROR);
    boolean informerThrew = event.getLevel() == Level.WARN && event.getThrowableProxy() != null
        && event.getLoggerName().startsWith("io.fabric8.kubernetes.client.informers");
    if (!error && !informerThrew) {
      return;
    }
    count.incrementAndGet();
    synchronized (caught) {
      if (caught.size() < KEPT) {
        IThrowableProxy t = event.getThrowableProxy();
        String line = event.getLoggerName() + ": " + event.getFormattedMessage()
            + (t == null ? "" : " (" + t.getClassName() + ": " + t.getMessage() + ")");
        caught.add(line.length() > 400 ? line.substring(0, 400) : line);
      }
    }
  }

  int count() {
    return count.get();
  }

  List<String> caught() {
    synchronized (caught) {
      return List.copyOf(caught);
    }
  }

  @Override
  public void close() {
    root().detachAppender(this);
    stop();
  }
}
